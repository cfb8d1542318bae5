package org.tubelet.models.videomae;

/**
 * Turns VideoMAE pretraining predictions back into frames so a trainer can show reconstructions as pictures.
 *
 * <p>Works on one clip in HF's pixel layout [T, C, H, W] (float, C-order) and on patch vectors in HF's target order
 * (dt, ph, pw, c) with c fastest, P = tubelet·p·p·C values per token, tokens {@code t'·(H/p)(W/p) + h'·(W/p) + w'}.
 * With {@code norm_pix_loss} the model predicts each patch normalised by its own mean and std (per channel); for
 * display the prediction is mapped back with the statistics of the original clip's patch at that position — what
 * the VideoMAE authors' visualisation does.
 */
public final class Reconstruction {
    private final VideoMaeConfig c;

    public Reconstruction(VideoMaeConfig config) {
        this.c = config;
    }

    /**
     * The model's input clip in its target space, as {@link PixelTargets} un-normalises it: {@code x·std + mean}
     * with the ImageNet statistics when C = 3, unchanged otherwise.
     *
     * @param input [T, C, H, W] pixel values as the model takes them
     * @return [T, C, H, W]
     */
    public float[] toTargetSpace(float[] input) {
        return affine(input, false);
    }

    /** Inverse of {@link #toTargetSpace}: a clip in the target space back to the model's input values. */
    public float[] toInputSpace(float[] targets) {
        return affine(targets, true);
    }

    private float[] affine(float[] clip, boolean inverse) {
        if (c.numChannels() != 3) {
            return clip.clone();
        }
        int plane = c.imageSize() * c.imageSize();
        float[] out = new float[clip.length];
        for (int i = 0; i < clip.length; i++) {
            int k = (i / plane) % 3;
            float m = PixelTargets.IMAGENET_MEAN[k];
            float s = PixelTargets.IMAGENET_STD[k];
            out[i] = inverse ? (clip[i] - m) / s : clip[i] * s + m;
        }
        return out;
    }

    /** @param clip [T, C, H, W] @return [N, P] patch vectors in (dt, ph, pw, c) order */
    public float[][] patchify(float[] clip) {
        int ts = c.tubeletSize();
        int p = c.patchSize();
        int ch = c.numChannels();
        int grid = c.imageSize() / p;
        int size = c.imageSize();
        float[][] out = new float[c.numPatches()][c.patchValues()];
        for (int tok = 0; tok < c.numPatches(); tok++) {
            int tp = tok / (grid * grid);
            int hp = (tok / grid) % grid;
            int wp = tok % grid;
            int i = 0;
            for (int dt = 0; dt < ts; dt++) {
                for (int y = 0; y < p; y++) {
                    for (int x = 0; x < p; x++) {
                        for (int k = 0; k < ch; k++) {
                            int t = tp * ts + dt;
                            out[tok][i++] = clip[((t * ch + k) * size + hp * p + y) * size + wp * p + x];
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Inverse of {@link #patchify}: @param patches [N, P] @return [T, C, H, W] */
    public float[] unpatchify(float[][] patches) {
        int ts = c.tubeletSize();
        int p = c.patchSize();
        int ch = c.numChannels();
        int grid = c.imageSize() / p;
        int size = c.imageSize();
        float[] clip = new float[c.numFrames() * ch * size * size];
        for (int tok = 0; tok < c.numPatches(); tok++) {
            int tp = tok / (grid * grid);
            int hp = (tok / grid) % grid;
            int wp = tok % grid;
            int i = 0;
            for (int dt = 0; dt < ts; dt++) {
                for (int y = 0; y < p; y++) {
                    for (int x = 0; x < p; x++) {
                        for (int k = 0; k < ch; k++) {
                            int t = tp * ts + dt;
                            clip[((t * ch + k) * size + hp * p + y) * size + wp * p + x] = patches[tok][i++];
                        }
                    }
                }
            }
        }
        return clip;
    }

    /**
     * The clip a viewer should see: visible patches from the original, masked patches from the predictions.
     *
     * @param original [T, C, H, W] the clip in the model's target space (un-normalised pixels for C = 3)
     * @param mask [N], true = masked
     * @param predictions [Nm, P] the model's logits for the masked tokens in increasing token order
     * @return [T, C, H, W]
     */
    public float[] reconstruct(float[] original, boolean[] mask, float[][] predictions) {
        float[][] patches = patchify(original);
        int ch = c.numChannels();
        int per = c.patchValues() / ch;
        int m = 0;
        for (int tok = 0; tok < patches.length; tok++) {
            if (!mask[tok]) {
                continue;
            }
            float[] pred = predictions[m++];
            float[] shown = new float[pred.length];
            for (int k = 0; k < ch; k++) {
                double mean = 0;
                for (int j = 0; j < per; j++) {
                    mean += patches[tok][j * ch + k];
                }
                mean /= per;
                double var = 0;
                for (int j = 0; j < per; j++) {
                    double dlt = patches[tok][j * ch + k] - mean;
                    var += dlt * dlt;
                }
                double std = Math.sqrt(var / (per - 1)) + 1e-6;
                for (int j = 0; j < per; j++) {
                    int idx = j * ch + k;
                    shown[idx] = c.normPixLoss() ? (float) (pred[idx] * std + mean) : pred[idx];
                }
            }
            patches[tok] = shown;
        }
        if (m != predictions.length) {
            throw new IllegalArgumentException("mask has " + m + " masked tokens but " + predictions.length
                    + " predictions were given");
        }
        return unpatchify(patches);
    }
}
