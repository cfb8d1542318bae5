package org.tubelet.datasets.processing;

import java.util.Arrays;
import java.util.Objects;
import org.tubelet.datasets.video.VideoClip;

/**
 * Pillow 9.4.0's {@code Image.resize(size, BILINEAR)} on 8-bit RGB frames, bit for bit
 * ({@code src/libImaging/Resample.c}, {@code ImagingResample}); this is the resize Hugging Face's VideoMAE and
 * ViViT processors run on uint8 frames.
 *
 * <p>The filter is the triangle {@code 1 - |x|} with support 1, widened by the downscale factor
 * ({@code support = max(in / out, 1)}), so downscaling is antialiased. It is separable: a horizontal pass over the
 * source rows, {@code [inH, inW, 3] -> [inH, outW, 3]}, then a vertical pass, {@code -> [outH, outW, 3]}. Each
 * pass uses 22-bit fixed-point weights, adds {@code 1 << 21}, shifts right by 22 and clamps to 0..255, so the
 * intermediate image is uint8. A pass whose dimension does not change is skipped (it would be an exact copy).
 *
 * <p>The weight tables of both axes are computed once, when the instance is built; an instance is immutable
 * and may be shared between threads. The inner loops work on int accumulators and allocate nothing per pixel.
 *
 * <p>Dimension legend: {@code H, W} = height, width; {@code 3} = R, G, B; frames are {@code [H, W, 3]} C order.
 */
public final class PilBilinearResize {

    /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 - 8 - 2. */
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int ROUNDING = 1 << (PRECISION_BITS - 1);
    private static final int CHANNELS = VideoClip.CHANNELS;

    private final FrameSize input;
    private final FrameSize output;
    private final AxisWeights horizontal; // along the width
    private final AxisWeights vertical; // along the height

    /**
     * Precomputes the weights for resizing {@code input}-sized frames to {@code output}.
     *
     * @param input  the source frame size
     * @param output the resized frame size
     */
    public PilBilinearResize(FrameSize input, FrameSize output) {
        this.input = Objects.requireNonNull(input, "input");
        this.output = Objects.requireNonNull(output, "output");
        this.horizontal = new AxisWeights(input.width(), output.width());
        this.vertical = new AxisWeights(input.height(), output.height());
    }

    /** The source frame size. */
    public FrameSize input() {
        return input;
    }

    /** The resized frame size. */
    public FrameSize output() {
        return output;
    }

    /**
     * Resizes one frame.
     *
     * @param src       bytes holding an {@code [inH, inW, 3]} frame at {@code srcOffset}
     * @param srcOffset where the frame starts
     * @return a new {@code [outH, outW, 3]} array
     */
    public byte[] resize(byte[] src, int srcOffset) {
        byte[] dst = new byte[output.pixels() * CHANNELS];
        resize(src, srcOffset, FrameRegion.all(output), dst, 0);
        return dst;
    }

    /**
     * Computes only a window of the resized frame. Every output pixel depends only on the source, so the window
     * equals the same region cut out of the full {@link #resize(byte[], int)}; a processor that crops right
     * after resizing uses this to skip the pixels the crop throws away.
     *
     * @param src       bytes holding an {@code [inH, inW, 3]} frame at {@code srcOffset}
     * @param srcOffset where the frame starts
     * @param window    the region of the resized {@code [outH, outW]} frame to compute
     * @param dst       receives the {@code [window.height, window.width, 3]} pixels at {@code dstOffset}
     * @param dstOffset where to write
     */
    public void resize(byte[] src, int srcOffset, FrameRegion window, byte[] dst, int dstOffset) {
        resize(src, srcOffset, window, dst, dstOffset, new byte[scratchBytes(window)], new int[window.width() * CHANNELS]);
    }

    /**
     * Resizes every frame of a clip: {@code [T, inH, inW, 3] -> [T, outH, outW, 3]}.
     *
     * @param clip frames of size {@link #input()}
     * @return the resized clip
     */
    public VideoClip resize(VideoClip clip) {
        if (clip.height() != input.height() || clip.width() != input.width()) {
            throw new IllegalArgumentException("clip frames are " + clip.height() + "x" + clip.width()
                    + " (HxW) but this resize was built for " + input);
        }
        FrameRegion all = FrameRegion.all(output);
        int outBytes = output.pixels() * CHANNELS;
        byte[] out = new byte[Math.multiplyExact(clip.frames(), outBytes)];
        byte[] tmp = new byte[scratchBytes(all)];
        int[] acc = new int[output.width() * CHANNELS];
        for (int t = 0; t < clip.frames(); t++) {
            resize(clip.rgb(), clip.frameOffset(t), all, out, t * outBytes, tmp, acc);
        }
        return new VideoClip(clip.frames(), output.height(), output.width(), out);
    }

    /** Size of the intermediate buffer {@link #resize(byte[], int, FrameRegion, byte[], int, byte[], int[])} needs. */
    int scratchBytes(FrameRegion window) {
        checkWindow(window);
        if (!needsHorizontalPass() || !needsVerticalPass()) {
            return 0;
        }
        return rowsNeeded(window) * window.width() * CHANNELS;
    }

    /**
     * The resize with caller-provided scratch buffers, so a processor can reuse them across the frames of a clip.
     *
     * @param tmp at least {@link #scratchBytes(FrameRegion)} bytes: the horizontally resized rows
     * @param acc at least {@code window.width * 3} ints: the vertical accumulators
     */
    void resize(byte[] src, int srcOffset, FrameRegion window, byte[] dst, int dstOffset, byte[] tmp, int[] acc) {
        checkWindow(window);
        Objects.checkFromIndexSize(srcOffset, input.pixels() * CHANNELS, src.length);
        int windowRowBytes = window.width() * CHANNELS;
        Objects.checkFromIndexSize(dstOffset, window.height() * windowRowBytes, dst.length);
        int top = window.top();
        int bottom = top + window.height();
        int left = window.left();
        int right = left + window.width();
        int srcRowBytes = input.width() * CHANNELS;

        if (!needsVerticalPass()) { // intermediate rows are the output rows
            if (needsHorizontalPass()) {
                horizontalPass(src, srcOffset, top, bottom, left, right, dst, dstOffset);
            } else {
                for (int y = top; y < bottom; y++) {
                    System.arraycopy(src, srcOffset + y * srcRowBytes + left * CHANNELS,
                            dst, dstOffset + (y - top) * windowRowBytes, windowRowBytes);
                }
            }
            return;
        }
        if (needsHorizontalPass()) {
            int firstRow = vertical.first[top];
            int lastRow = firstRow + rowsNeeded(window);
            // tmp: [lastRow - firstRow, window.width, 3], uint8 like Pillow's intermediate image
            horizontalPass(src, srcOffset, firstRow, lastRow, left, right, tmp, 0);
            verticalPass(tmp, -firstRow * windowRowBytes, windowRowBytes, windowRowBytes, top, bottom, dst, dstOffset, acc);
        } else { // read the source rows directly
            verticalPass(src, srcOffset + left * CHANNELS, srcRowBytes, windowRowBytes, top, bottom, dst, dstOffset, acc);
        }
    }

    private void checkWindow(FrameRegion window) {
        if (!window.fitsIn(output)) {
            throw new IllegalArgumentException("window " + window + " is outside the resized frame " + output);
        }
    }

    private boolean needsHorizontalPass() {
        return input.width() != output.width();
    }

    private boolean needsVerticalPass() {
        return input.height() != output.height();
    }

    /** Number of intermediate rows the vertical pass reads for the window's output rows. */
    private int rowsNeeded(FrameRegion window) {
        int first = vertical.first[window.top()];
        int last = 0;
        for (int yy = window.top(); yy < window.top() + window.height(); yy++) {
            last = Math.max(last, vertical.first[yy] + vertical.count[yy]);
        }
        return last - first;
    }

    /**
     * Horizontal pass ({@code ImagingResampleHorizontal_8bpc}): source rows {@code [rowFrom, rowTo)}, output
     * columns {@code [colFrom, colTo)}, written as {@code [rowTo - rowFrom, colTo - colFrom, 3]} at {@code dstOffset}.
     */
    private void horizontalPass(byte[] src, int srcOffset, int rowFrom, int rowTo, int colFrom, int colTo,
                                byte[] dst, int dstOffset) {
        int srcRowBytes = input.width() * CHANNELS;
        int ksize = horizontal.ksize;
        int[] first = horizontal.first;
        int[] count = horizontal.count;
        int[] weights = horizontal.weights;
        int d = dstOffset;
        for (int y = rowFrom; y < rowTo; y++) {
            int row = srcOffset + y * srcRowBytes;
            for (int xx = colFrom; xx < colTo; xx++) {
                int k = xx * ksize;
                int n = count[xx];
                int p = row + first[xx] * CHANNELS;
                int r = ROUNDING;
                int g = ROUNDING;
                int b = ROUNDING;
                for (int i = 0; i < n; i++, p += CHANNELS) {
                    int w = weights[k + i];
                    r += (src[p] & 0xFF) * w;
                    g += (src[p + 1] & 0xFF) * w;
                    b += (src[p + 2] & 0xFF) * w;
                }
                dst[d++] = clip8(r);
                dst[d++] = clip8(g);
                dst[d++] = clip8(b);
            }
        }
    }

    /**
     * Vertical pass ({@code ImagingResampleVertical_8bpc}) for output rows {@code [rowFrom, rowTo)}. Intermediate
     * row {@code r} starts at {@code buf[base + r * rowStride]} and {@code rowBytes} of it are used. Accumulates a
     * whole output row at a time (integer sums, so the order of the taps does not matter).
     */
    private void verticalPass(byte[] buf, int base, int rowStride, int rowBytes, int rowFrom, int rowTo,
                              byte[] dst, int dstOffset, int[] acc) {
        int ksize = vertical.ksize;
        int[] first = vertical.first;
        int[] count = vertical.count;
        int[] weights = vertical.weights;
        int d = dstOffset;
        for (int yy = rowFrom; yy < rowTo; yy++) {
            Arrays.fill(acc, 0, rowBytes, ROUNDING);
            int k = yy * ksize;
            for (int i = 0; i < count[yy]; i++) {
                int w = weights[k + i];
                if (w == 0) {
                    continue;
                }
                int p = base + (first[yy] + i) * rowStride;
                for (int j = 0; j < rowBytes; j++) {
                    acc[j] += (buf[p + j] & 0xFF) * w;
                }
            }
            for (int j = 0; j < rowBytes; j++) {
                dst[d++] = clip8(acc[j]);
            }
        }
    }

    /** Pillow's {@code clip8}: drop the fraction bits, clamp to 0..255. */
    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Pillow's triangle filter {@code bilinear_filter}: {@code 1 - |x|} on (-1, 1), else 0. */
    private static double bilinearFilter(double x) {
        if (x < 0.0) {
            x = -x;
        }
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /**
     * The taps of one axis ({@code precompute_coeffs} + {@code normalize_coeffs_8bpc}): for output index
     * {@code xx}, source indices {@code first[xx] .. first[xx] + count[xx] - 1} with fixed-point weights
     * {@code weights[xx * ksize + i]}.
     */
    private static final class AxisWeights {
        final int ksize;
        final int[] first;
        final int[] count;
        final int[] weights;

        AxisWeights(int inSize, int outSize) {
            double scale = (double) inSize / outSize; // (float) in1 - (float) in0, exact below 2^24
            double filterscale = Math.max(scale, 1.0); // antialias: widen the kernel when downscaling
            double support = 1.0 * filterscale; // bilinear support 1.0
            ksize = (int) Math.ceil(support) * 2 + 1;
            first = new int[outSize];
            count = new int[outSize];
            weights = new int[Math.multiplyExact(outSize, ksize)];
            double[] k = new double[ksize];
            double ss = 1.0 / filterscale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = 0.0 + (xx + 0.5) * scale; // in0 + (xx + 0.5) * scale, half-pixel centres
                int xmin = (int) (center - support + 0.5); // C cast: truncation toward zero
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                int n = xmax - xmin;
                double ww = 0.0;
                for (int x = 0; x < n; x++) {
                    double w = bilinearFilter((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < n; x++) {
                    if (ww != 0.0) {
                        k[x] /= ww;
                    }
                }
                for (int x = 0; x < n; x++) {
                    double scaled = k[x] * (1 << PRECISION_BITS);
                    weights[xx * ksize + x] = (int) (k[x] < 0 ? -0.5 + scaled : 0.5 + scaled);
                }
                first[xx] = xmin;
                count[xx] = n;
            }
        }
    }
}
