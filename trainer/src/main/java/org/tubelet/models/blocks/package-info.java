/**
 * Transformer blocks whose maths is the same in every family: tubelet embedding, layer norm, linear, multi-head
 * self-attention, feed-forward, pre-norm encoder layer, dropout and drop path, the classification head with its
 * loss, and means over long axes (losses, mean pooling) as chains of short reductions. Each is a small final class applied to {@code SDVariable}s, with its shapes in its Javadoc.
 *
 * <p>May use {@code org.tubelet.models} (graph context, activations) and {@code org.tubelet.engine} (fused nodes);
 * never a family package: a family's quirks stay in that family.
 */
package org.tubelet.models.blocks;
