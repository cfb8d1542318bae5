package org.tubelet.datasets.loader;

/**
 * One batch of clips for the trainer to copy: pixels {@code [B, T, C, H, W]} and labels {@code [B]}, in reusable buffers.
 * With repeated augmentation ({@link LoaderConfig#repeats()} {@code R > 1}) {@code B} is the batch size times
 * {@code R}: clips {@code [s·R, (s+1)·R)} are the {@code R} clips of the batch's sample {@code s}.
 *
 * <p><b>Valid until the next call to {@link Epoch#next()}</b>, which hands the buffers back to the loader; copy
 * what must live longer (creating an ND4J array from {@link #pixels()} copies it). The buffers always have room
 * for {@code B} clips; in a last, partial batch the entries past {@link #size()} are zeros with label -1.
 *
 * <p>Dimension legend: {@code B} = batch size (config), {@code T} = frames, {@code C} = 3 (R, G, B),
 * {@code H, W} = frame height and width.
 */
public final class ClipBatch {

    private final float[] pixels;
    private final long[] labels;
    private final int[] sampleIndices;
    private final ClipShape clip;
    private int size;
    private int epoch;
    private int index;

    ClipBatch(int clips, ClipShape clip) {
        this.clip = clip;
        this.pixels = new float[Math.multiplyExact(clips, clip.floats())];
        this.labels = new long[clips];
        this.sampleIndices = new int[clips];
    }

    void reset(int newEpoch, int newIndex, int newSize) {
        this.epoch = newEpoch;
        this.index = newIndex;
        this.size = newSize;
        if (newSize < labels.length) { // partial batch: clear the unused tail
            java.util.Arrays.fill(pixels, newSize * clip.floats(), pixels.length, 0f);
            java.util.Arrays.fill(labels, newSize, labels.length, -1L);
            java.util.Arrays.fill(sampleIndices, newSize, sampleIndices.length, -1);
        }
    }

    /** Pixels {@code [B, T, C, H, W]}, C order; sample {@code b} starts at {@code b * T * C * H * W}. */
    public float[] pixels() {
        return pixels;
    }

    /** Class of each clip {@code [B]}. */
    public long[] labels() {
        return labels;
    }

    /** Index (in the loader's sample list) of the video each clip came from {@code [B]}. */
    public int[] sampleIndices() {
        return sampleIndices;
    }

    /** Number of real clips (less than {@code B} only in a last, partial batch). */
    public int size() {
        return size;
    }

    /** The shape of the real clips: {@code {size, T, C, H, W}}. */
    public long[] shape() {
        long[] d = clip.dims();
        return new long[] {size, d[0], d[1], d[2], d[3]};
    }

    /** The epoch this batch belongs to. */
    public int epoch() {
        return epoch;
    }

    /** Position of this batch in its epoch (0-based). */
    public int index() {
        return index;
    }

    /** Floats per clip. */
    int clipFloats() {
        return clip.floats();
    }
}
