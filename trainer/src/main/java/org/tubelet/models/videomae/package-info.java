/**
 * VideoMAE (Tong et al., NeurIPS 2022): HF's {@code VideoMAEModel}, {@code VideoMAEForVideoClassification} and
 * {@code VideoMAEForPreTraining}: tube masking ({@link org.tubelet.models.videomae.TubeMaskGenerator}), the encoder on
 * the visible tokens, the pretraining {@link org.tubelet.models.videomae.VideoMaeDecoder} and its
 * {@link org.tubelet.models.videomae.PixelTargets}, and {@link org.tubelet.models.videomae.Reconstruction} for showing
 * predictions as frames.
 *
 * <p>May use {@code org.tubelet.models} and {@code org.tubelet.models.blocks}; not the other families.
 */
package org.tubelet.models.videomae;
