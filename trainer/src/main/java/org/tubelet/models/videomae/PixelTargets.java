package org.tubelet.models.videomae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.ConfigException;

/**
 * VideoMAE's pretraining targets (Tong et al., "VideoMAE", NeurIPS 2022, §3; HF's
 * {@code VideoMAEForPreTraining.forward}): the input clip un-normalised with the ImageNet mean and std (when C = 3),
 * cut into tubelet patches in HF's order (dt, ph, pw, c) with c fastest, and with {@code norm_pix_loss} each patch
 * normalised per channel by its own mean and unbiased std (eps 1e-6), as in MAE.
 *
 * <p>Dimensions: B batch, T frames, C channels, H = W image size, p patch, ts tubelet, T' = T/ts, H' = W' = H/p,
 * N = T'·H'·W' tokens (t'-major), P = ts·p·p·C values per patch.
 */
public final class PixelTargets {
    /** ImageNet statistics HF uses to un-normalise the pretraining targets ({@code utils/constants.py}). */
    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final VideoMaeConfig c;

    /** @throws ConfigException without {@code norm_pix_loss} when C ≠ 3 (no statistics to un-normalise with) */
    public PixelTargets(VideoMaeConfig c) {
        ConfigException.require(c.numChannels() == 3 || c.normPixLoss(), "norm_pix_loss", false,
                "un-normalised targets need num_channels = 3 (ImageNet statistics)");
        this.c = c;
    }

    /** @param pixels [B, T, C, H, W] normalised input @return [B, N, P] the target of every token */
    public SDVariable apply(SDVariable pixels) {
        SDVariable patches = patchify(unnormalise(pixels));                                       // [B, N, ts·p·p, C]
        if (c.normPixLoss()) {
            patches = normalisePerPatch(patches);
        }
        return pixels.getSameDiff().reshape(patches, -1, c.numPatches(), (long) c.patchValues()); // [B, N, P]
    }

    /** Back to [0, 1] pixels with the ImageNet statistics when C = 3; unchanged otherwise. @return [B, T, C, H, W] */
    private SDVariable unnormalise(SDVariable pixels) {
        if (c.numChannels() != 3) {
            return pixels;
        }
        SameDiff sd = pixels.getSameDiff();
        SDVariable mean = sd.constant(channelConstant(IMAGENET_MEAN, pixels.dataType()));      // [1, 1, 3, 1, 1]
        SDVariable std = sd.constant(channelConstant(IMAGENET_STD, pixels.dataType()));        // [1, 1, 3, 1, 1]
        return pixels.mul(std).add(mean);
    }

    /** HF's float32 statistics as a [1, 1, 3, 1, 1] array of the graph's type. */
    private static INDArray channelConstant(float[] values, DataType type) {
        return Nd4j.create(values, new long[]{1, 1, 3, 1, 1}, DataType.FLOAT).castTo(type);
    }

    /** @param frames [B, T, C, H, W] @return [B, N, ts·p·p, C], tokens t'-major, values (dt, ph, pw) */
    private SDVariable patchify(SDVariable frames) {
        SameDiff sd = frames.getSameDiff();
        int ts = c.tubeletSize();
        int ps = c.patchSize();
        int ch = c.numChannels();
        int nT = c.temporalPatches();
        int nS = c.imageSize() / ps;
        SDVariable v = sd.reshape(frames, -1, nT, ts, ch, nS, ps, nS, ps);         // [B, T', ts, C, H', p, W', p]
        v = sd.permute(v, 0, 1, 4, 6, 2, 5, 7, 3);                                 // [B, T', H', W', ts, p, p, C]
        return sd.reshape(v, -1, c.numPatches(), (long) ts * ps * ps, ch);         // [B, N, ts·p·p, C]
    }

    /** {@code norm_pix_loss}: (x − mean) / (unbiased std + 1e-6) over each patch and channel. */
    private SDVariable normalisePerPatch(SDVariable v) {
        long perPatch = (long) c.tubeletSize() * c.patchSize() * c.patchSize();
        SDVariable centred = v.sub(v.mean(true, 2));                                       // [B, N, ts·p·p, C]
        SDVariable variance = centred.mul(centred).sum(true, 2).div(perPatch - 1.0);       // [B, N, 1, C], unbiased
        return centred.div(v.getSameDiff().math.sqrt(variance).add(1e-6));
    }
}
