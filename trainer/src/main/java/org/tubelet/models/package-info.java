/**
 * The models as SameDiff graph builders, numerically identical to Hugging Face transformers: typed, validated config
 * records ({@link org.tubelet.models.ModelConfig} with its shared
 * {@link org.tubelet.models.EncoderFields}), the HF classes ({@link org.tubelet.models.Architecture}), weight layouts
 * with their position tables ({@link org.tubelet.models.PositionTable}, resized by
 * {@link org.tubelet.models.Interpolation}), and {@link org.tubelet.models.zoo.Models}, which builds a
 * {@link org.tubelet.models.ModelGraph} for any family.
 *
 * <p>Sub-packages: {@code blocks} (transformer blocks the families share), {@code vivit}, {@code timesformer},
 * {@code videomae} (one per family). May use ND4J/SameDiff and {@code org.tubelet.engine} (fused nodes); never
 * {@code org.tubelet.hf} (HF file formats sit above), {@code recipe}, {@code train} or {@code cli}. Invalid configs are
 * {@link org.tubelet.models.ConfigException}s naming the field.
 */
package org.tubelet.models;
