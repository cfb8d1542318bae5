package org.tubelet.train.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of clips.
 *
 * <p>Dimensions: B clips, T frames, C channels, H × W pixels, K classes.
 *
 * @param pixels [B, T, C, H, W] float, already processed (resized, cropped, normalised)
 * @param labels [B] int64 class indices, or null (pretraining)
 * @param videoIds [B] index of the video each clip was cut from (multi-view evaluation averages per video)
 * @param epoch epoch this batch belongs to
 * @param index position of this batch inside its epoch
 * @param targets [B, K] float class distributions the loss is taken against instead of {@code labels} (mixup and
 *     cutmix: {@link Mixup}), or null
 */
public record Batch(INDArray pixels, INDArray labels, long[] videoIds, long epoch, int index, INDArray targets) {

    /** A batch with hard labels only. */
    public Batch(INDArray pixels, INDArray labels, long[] videoIds, long epoch, int index) {
        this(pixels, labels, videoIds, epoch, index, null);
    }

    public int size() {
        return (int) pixels.size(0);
    }
}
