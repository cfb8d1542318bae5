package org.tubelet.train.data;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.augment.DoubleRange;

/**
 * Mixup (Zhang et al. 2018) and CutMix (Yun et al. 2019) of a training batch, with soft targets: the semantics of
 * timm's {@code Mixup}, which VideoMAE fine-tunes with. Clip {@code i} is mixed with clip {@code j = B-1-i} of the
 * unmixed batch:
 * <ul>
 *   <li>mixup: {@code x_i ← λ·x_i + (1-λ)·x_j}, {@code λ ~ Beta(mixup_alpha, mixup_alpha)};</li>
 *   <li>cutmix: a box of the frame (the same box in every frame and channel of the clip) is replaced by the same box
 *       of {@code x_j}; {@code λ ~ Beta(cutmix_alpha, cutmix_alpha)} sets the box sides to {@code int(H·√(1-λ))} ×
 *       {@code int(W·√(1-λ))} around a uniform centre, clipped at the border, and (with {@code correctLam}) λ becomes
 *       {@code 1 - box area / frame area}; with {@code cutmixMinmax} the sides are drawn uniformly in
 *       {@code [int(H·min), int(H·max))} (likewise W), the box lies inside the frame and λ follows its area;</li>
 *   <li>targets: {@code t_i = λ_i·y_i + (1-λ_i)·y_j} with {@code y} the one-hot classes smoothed to
 *       {@code 1 - s + s/K} on the class and {@code s/K} elsewhere (label smoothing {@code s} folded in).</li>
 * </ul>
 * Each batch / pair / clip ({@link MixMode}) is mixed with probability {@code prob}, else left as it is (λ = 1). With
 * both mixup and cutmix on, cutmix is chosen with probability {@code switchProb}.
 *
 * <p>Dimensions: B clips (even), T frames, C channels, H × W pixels, K classes.
 *
 * @param mixupAlpha     mixup's Beta shape, ≥ 0 (0 = off)
 * @param cutmixAlpha    cutmix's Beta shape, ≥ 0 (0 = off unless {@code cutmixMinmax} is set, which forces 1 as timm)
 * @param cutmixMinmax   box sides as fractions of the frame sides, {@code 0 < min < max ≤ 1}, or null
 * @param prob           probability of mixing, in [0, 1]
 * @param switchProb     probability of cutmix rather than mixup when both are on, in [0, 1]
 * @param mode           per batch, pair or clip
 * @param correctLam     λ from the clipped box's area (timm's default)
 * @param labelSmoothing {@code s} in [0, 1)
 * @param numClasses     {@code K}, ≥ 2
 */
public record Mixup(double mixupAlpha, double cutmixAlpha, DoubleRange cutmixMinmax, double prob, double switchProb,
                    MixMode mode, boolean correctLam, double labelSmoothing, int numClasses) {

    /** Validates the values. */
    public Mixup {
        if (!(mixupAlpha >= 0) || !(cutmixAlpha >= 0) || Double.isInfinite(mixupAlpha)
                || Double.isInfinite(cutmixAlpha)) {
            throw new IllegalArgumentException("mixup and cutmix alphas must be finite and >= 0, got " + mixupAlpha
                    + " and " + cutmixAlpha);
        }
        if (cutmixMinmax != null && !(cutmixMinmax.min() > 0 && cutmixMinmax.min() < cutmixMinmax.max()
                && cutmixMinmax.max() <= 1)) {
            throw new IllegalArgumentException("cutmix minmax must satisfy 0 < min < max <= 1, got " + cutmixMinmax);
        }
        if (mixupAlpha == 0 && cutmixAlpha == 0 && cutmixMinmax == null) {
            throw new IllegalArgumentException("mixing needs mixup alpha > 0, cutmix alpha > 0 or a cutmix minmax");
        }
        if (!(prob >= 0 && prob <= 1) || !(switchProb >= 0 && switchProb <= 1)) {
            throw new IllegalArgumentException("prob and switch prob must be in [0, 1], got " + prob + " and "
                    + switchProb);
        }
        Objects.requireNonNull(mode, "mode");
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("mixing needs at least 2 classes, got " + numClasses);
        }
    }

    /**
     * How one clip was mixed.
     *
     * @param partner   the clip it was mixed with, {@code B-1-i}
     * @param lam       the weight of its own content and class, λ (after the box correction for cutmix)
     * @param drawnLam  λ as drawn from the Beta distribution (1 when the clip was not mixed)
     * @param box       the cut box {@code {top, bottom, left, right}} (rows {@code [top, bottom)}, columns
     *                  {@code [left, right)}) taken from the partner, or null for mixup / no mixing
     */
    public record ClipMix(int partner, double lam, double drawnLam, int[] box) {
    }

    /**
     * A mixed batch.
     *
     * @param pixels  [B, T, C, H, W]
     * @param targets [B, K] class distributions
     * @param clips   how each clip was mixed
     */
    public record Mixed(float[] pixels, float[] targets, List<ClipMix> clips) {
    }

    /** cutmix's Beta shape: 1 whenever {@code cutmixMinmax} is set (timm; λ then follows the box alone). */
    double effectiveCutmixAlpha() {
        return cutmixMinmax != null ? 1.0 : cutmixAlpha;
    }

    /**
     * The batch mixed, with its targets in {@link Batch#targets()}; the labels stay the clips' own classes. The mixed
     * pixels are written over the batch's own pixel array when it is a plain float array (a fresh allocation of a
     * video batch costs about as much as the rest of the mixing together), so the batch must not be used elsewhere.
     */
    public Batch apply(Batch b, RandomGenerator rng) {
        INDArray px = b.pixels();
        long[] shape = px.shape();                                                  // [B, T, C, H, W]
        boolean inPlace = !px.isView() && px.ordering() == 'c' && px.dataType() == DataType.FLOAT
                && px.data().length() == px.length();
        float[] data = (inPlace ? px : px.castTo(DataType.FLOAT).dup('c')).data().asFloat();
        long[] labels = b.labels().castTo(DataType.LONG).toLongVector();
        Mixed m = mix(data, labels, shape, rng);
        INDArray mixed;
        if (inPlace) {
            px.data().asNioFloat().put(0, m.pixels());
            mixed = px;
        } else {
            mixed = Nd4j.create(m.pixels(), shape, DataType.FLOAT);
        }
        return new Batch(mixed, b.labels(), b.videoIds(), b.epoch(), b.index(),
                Nd4j.create(m.targets(), new long[] {labels.length, numClasses}, DataType.FLOAT));
    }

    /**
     * Mixes a batch.
     *
     * @param pixels [B, T, C, H, W] floats, C order (not modified)
     * @param labels [B] classes in {@code [0, K)}
     * @param shape  {@code {B, T, C, H, W}}, B even
     * @param rng    the batch's random stream
     */
    public Mixed mix(float[] pixels, long[] labels, long[] shape, RandomGenerator rng) {
        if (shape.length != 5) {
            throw new IllegalArgumentException("expected pixels [B, T, C, H, W], got shape of rank " + shape.length);
        }
        int clips = Math.toIntExact(shape[0]);
        int height = Math.toIntExact(shape[3]);
        int width = Math.toIntExact(shape[4]);
        int clipFloats = Math.toIntExact(shape[1] * shape[2] * shape[3] * shape[4]);
        if (clips % 2 != 0) {
            throw new IllegalArgumentException("mixing needs an even number of clips per batch, got " + clips);
        }
        if (labels.length != clips || (long) clips * clipFloats != pixels.length) {
            throw new IllegalArgumentException("a batch of " + clips + " clips needs " + clips + " labels and "
                    + (long) clips * clipFloats + " pixel values, got " + labels.length + " and " + pixels.length);
        }
        ClipMix[] mixes = new ClipMix[clips];
        switch (mode) {
            case BATCH -> {
                ClipMix first = mixOne(clips - 1, height, width, rng);
                for (int i = 0; i < clips; i++) {
                    mixes[i] = new ClipMix(clips - 1 - i, first.lam(), first.drawnLam(), first.box());
                }
            }
            case PAIR -> {
                for (int i = 0; i < clips / 2; i++) {
                    ClipMix m = mixOne(clips - 1 - i, height, width, rng);
                    mixes[i] = m;
                    mixes[clips - 1 - i] = new ClipMix(i, m.lam(), m.drawnLam(), m.box());
                }
            }
            case ELEM -> {
                for (int i = 0; i < clips; i++) {
                    mixes[i] = mixOne(clips - 1 - i, height, width, rng);
                }
            }
        }
        float[] out = new float[pixels.length];
        int plane = height * width;
        int planes = clipFloats / plane;                                            // T · C
        for (int i = 0; i < clips; i++) {
            ClipMix m = mixes[i];
            int dst = i * clipFloats;
            int src = m.partner() * clipFloats;
            if (m.box() == null && m.lam() == 1.0) {
                System.arraycopy(pixels, dst, out, dst, clipFloats);
            } else if (m.box() != null) {
                int[] box = m.box();
                System.arraycopy(pixels, dst, out, dst, clipFloats);
                for (int p = 0; p < planes; p++) {                               // every frame and channel
                    for (int y = box[0]; y < box[1]; y++) {
                        int row = p * plane + y * width;
                        System.arraycopy(pixels, src + row + box[2], out, dst + row + box[2], box[3] - box[2]);
                    }
                }
            } else {
                float a = (float) m.lam();
                float c = (float) (1.0 - m.lam());
                for (int k = 0; k < clipFloats; k++) {
                    out[dst + k] = pixels[dst + k] * a + pixels[src + k] * c;
                }
            }
        }
        return new Mixed(out, targets(labels, mixes), List.copyOf(List.of(mixes)));
    }

    /** The soft targets [B, K]: λ·smooth(y_i) + (1-λ)·smooth(y_partner). */
    private float[] targets(long[] labels, ClipMix[] mixes) {
        double off = labelSmoothing / numClasses;
        double on = 1.0 - labelSmoothing + off;
        float[] t = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            double[] row = new double[numClasses];
            java.util.Arrays.fill(row, off);
            row[classOf(labels[i])] += mixes[i].lam() * (on - off);
            row[classOf(labels[mixes[i].partner()])] += (1.0 - mixes[i].lam()) * (on - off);
            for (int k = 0; k < numClasses; k++) {
                t[i * numClasses + k] = (float) row[k];
            }
        }
        return t;
    }

    private int classOf(long label) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException("label " + label + " is outside [0, " + numClasses + ")");
        }
        return (int) label;
    }

    /** Draws whether and how one batch / pair / clip is mixed with {@code partner}. */
    private ClipMix mixOne(int partner, int height, int width, RandomGenerator rng) {
        if (rng.nextDouble() >= prob) {
            return new ClipMix(partner, 1.0, 1.0, null);
        }
        boolean mixupOn = mixupAlpha > 0;
        boolean cutmixOn = effectiveCutmixAlpha() > 0;
        boolean cut = cutmixOn && (!mixupOn || rng.nextDouble() < switchProb);
        double lam = BetaSampler.sample(cut ? effectiveCutmixAlpha() : mixupAlpha,
                cut ? effectiveCutmixAlpha() : mixupAlpha, rng);
        if (!cut || lam == 1.0) {
            return new ClipMix(partner, lam, lam, null);
        }
        int[] box = cutBox(height, width, lam, rng);
        double corrected = correctLam || cutmixMinmax != null
                ? 1.0 - (double) (box[1] - box[0]) * (box[3] - box[2]) / ((double) height * width) : lam;
        return new ClipMix(partner, corrected, lam, box);
    }

    /** timm's {@code rand_bbox} / {@code rand_bbox_minmax}: {@code {top, bottom, left, right}}. */
    int[] cutBox(int height, int width, double lam, RandomGenerator rng) {
        if (cutmixMinmax != null) {
            int loH = (int) (height * cutmixMinmax.min());
            int hiH = (int) (height * cutmixMinmax.max());
            int loW = (int) (width * cutmixMinmax.min());
            int hiW = (int) (width * cutmixMinmax.max());
            if (loH >= hiH || loW >= hiW) {
                throw new IllegalArgumentException("cutmix minmax " + cutmixMinmax + " leaves no box size for "
                        + height + "x" + width + " frames (HxW)");
            }
            int cutH = rng.nextInt(loH, hiH);
            int cutW = rng.nextInt(loW, hiW);
            int top = rng.nextInt(0, height - cutH);
            int left = rng.nextInt(0, width - cutW);
            return new int[] {top, top + cutH, left, left + cutW};
        }
        double ratio = Math.sqrt(1.0 - lam);
        int cutH = (int) (height * ratio);
        int cutW = (int) (width * ratio);
        int cy = rng.nextInt(height);
        int cx = rng.nextInt(width);
        return new int[] {clamp(cy - cutH / 2, height), clamp(cy + cutH / 2, height), clamp(cx - cutW / 2, width),
                clamp(cx + cutW / 2, width)};
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
