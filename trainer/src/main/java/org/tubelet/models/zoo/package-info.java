/**
 * What knows every model family: {@link org.tubelet.models.zoo.Models} (from a config and an
 * {@link org.tubelet.models.Architecture} to a built {@link org.tubelet.models.ModelGraph}, fresh HF-style weights or a
 * weight layout, whatever the family) and {@link org.tubelet.models.zoo.Flops} (analytic FLOPs of a forward pass).
 *
 * <p>May use {@code org.tubelet.models} and the family packages ({@code vivit}, {@code timesformer}, {@code videomae});
 * no family package uses it (that would be a cycle). Above it: {@code hf}, {@code train}, {@code run}, {@code cli}.
 */
package org.tubelet.models.zoo;
