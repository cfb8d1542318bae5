package org.tubelet.datasets.augment;

import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.PilBilinearResize;
import org.tubelet.datasets.video.VideoClip;

/**
 * The pixel operations augmentations are made of, on whole clips ({@code [T, H, W, 3]} uint8). Each returns a
 * new clip. Statistics (means, histograms, ranges) are per frame and per channel, as when the operation is
 * applied frame by frame with the same parameters; the colour operations follow Pillow's {@code ImageOps} and
 * {@code ImageEnhance}.
 */
final class PixelOps {

    private static final int C = VideoClip.CHANNELS;

    private PixelOps() {
    }

    /** Pillow's luma: {@code L = R * 299/1000 + G * 587/1000 + B * 114/1000}. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }

    static byte clip8(double v) {
        return (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5));
    }

    private static int u8(byte b) {
        return b & 0xFF;
    }

    /** Pillow bilinear resize (antialiased when shrinking) of every frame. */
    static VideoClip resize(VideoClip clip, FrameSize size) {
        if (clip.height() == size.height() && clip.width() == size.width()) {
            return clip;
        }
        return new PilBilinearResize(new FrameSize(clip.height(), clip.width()), size).resize(clip);
    }

    /** Mirror left-right. */
    static VideoClip flipHorizontal(VideoClip clip) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        int w = clip.width();
        for (int row = 0; row < clip.frames() * clip.height(); row++) {
            int base = row * w * C;
            for (int x = 0; x < w; x++) {
                int s = base + x * C;
                int d = base + (w - 1 - x) * C;
                out[d] = src[s];
                out[d + 1] = src[s + 1];
                out[d + 2] = src[s + 2];
            }
        }
        return new VideoClip(clip.frames(), clip.height(), w, out);
    }

    /** The same table applied to every byte. */
    static VideoClip lut(VideoClip clip, int[] table) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) table[u8(src[i])];
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /** Keep the top {@code bits} bits of every value. */
    static VideoClip posterize(VideoClip clip, int bits) {
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v & mask;
        }
        return lut(clip, table);
    }

    /** Invert every value at or above {@code threshold}. */
    static VideoClip solarize(VideoClip clip, int threshold) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v >= threshold ? 255 - v : v;
        }
        return lut(clip, table);
    }

    /** timm's {@code solarize_add}: add {@code add} to every value below {@code threshold}, capped at 255. */
    static VideoClip solarizeAdd(VideoClip clip, int add, int threshold) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = v < threshold ? Math.min(255, v + add) : v;
        }
        return lut(clip, table);
    }

    /** Pillow {@code ImageOps.autocontrast} (no cutoff): stretch each channel of each frame to 0..255. */
    static VideoClip autocontrast(VideoClip clip) {
        return perFrameChannelLut(clip, false);
    }

    /** Pillow {@code ImageOps.equalize}: histogram equalisation of each channel of each frame. */
    static VideoClip equalize(VideoClip clip) {
        return perFrameChannelLut(clip, true);
    }

    private static VideoClip perFrameChannelLut(VideoClip clip, boolean equalize) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        int pixels = clip.height() * clip.width();
        int[] histogram = new int[256];
        int[] table = new int[256];
        for (int t = 0; t < clip.frames(); t++) {
            int base = clip.frameOffset(t);
            for (int c = 0; c < C; c++) {
                java.util.Arrays.fill(histogram, 0);
                for (int p = 0; p < pixels; p++) {
                    histogram[u8(src[base + p * C + c])]++;
                }
                if (equalize) {
                    equalizeTable(histogram, table);
                } else {
                    autocontrastTable(histogram, table);
                }
                for (int p = 0; p < pixels; p++) {
                    int i = base + p * C + c;
                    out[i] = (byte) table[u8(src[i])];
                }
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    private static void autocontrastTable(int[] histogram, int[] table) {
        int lo = 0;
        while (lo < 255 && histogram[lo] == 0) {
            lo++;
        }
        int hi = 255;
        while (hi > 0 && histogram[hi] == 0) {
            hi--;
        }
        if (hi <= lo) {
            for (int v = 0; v < 256; v++) {
                table[v] = v;
            }
            return;
        }
        double scale = 255.0 / (hi - lo);
        double offset = -lo * scale;
        for (int v = 0; v < 256; v++) {
            table[v] = Math.max(0, Math.min(255, (int) (v * scale + offset)));
        }
    }

    private static void equalizeTable(int[] histogram, int[] table) {
        int total = 0;
        int last = 0;
        int nonZero = 0;
        for (int v = 0; v < 256; v++) {
            if (histogram[v] > 0) {
                total += histogram[v];
                last = histogram[v];
                nonZero++;
            }
        }
        int step = nonZero <= 1 ? 0 : (total - last) / 255;
        if (step == 0) {
            for (int v = 0; v < 256; v++) {
                table[v] = v;
            }
            return;
        }
        int n = step / 2;
        for (int v = 0; v < 256; v++) {
            table[v] = Math.min(255, n / step);
            n += histogram[v];
        }
    }

    /** Pillow {@code ImageEnhance.Brightness}: blend with black. */
    static VideoClip brightness(VideoClip clip, double factor) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = clip8(factor * u8(src[i]));
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /** Pillow {@code ImageEnhance.Contrast}: blend each frame with its mean grey level. */
    static VideoClip contrast(VideoClip clip, double factor) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        int pixels = clip.height() * clip.width();
        for (int t = 0; t < clip.frames(); t++) {
            int base = clip.frameOffset(t);
            long sum = 0;
            for (int p = 0; p < pixels; p++) {
                int i = base + p * C;
                sum += luma(u8(src[i]), u8(src[i + 1]), u8(src[i + 2]));
            }
            int mean = (int) (sum / (double) pixels + 0.5);
            for (int i = base; i < base + pixels * C; i++) {
                out[i] = clip8(mean + factor * (u8(src[i]) - mean));
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /** Pillow {@code ImageEnhance.Color} (saturation): blend each pixel with its grey level. */
    static VideoClip saturation(VideoClip clip, double factor) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i += C) {
            int grey = luma(u8(src[i]), u8(src[i + 1]), u8(src[i + 2]));
            for (int c = 0; c < C; c++) {
                out[i + c] = clip8(grey + factor * (u8(src[i + c]) - grey));
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /**
     * Pillow {@code ImageEnhance.Sharpness}: blend with the image smoothed by the 3x3 kernel
     * {@code [[1,1,1],[1,5,1],[1,1,1]] / 13} (border pixels are not smoothed).
     */
    static VideoClip sharpness(VideoClip clip, double factor) {
        byte[] src = clip.rgb();
        byte[] out = src.clone();
        int h = clip.height();
        int w = clip.width();
        for (int t = 0; t < clip.frames(); t++) {
            int base = clip.frameOffset(t);
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    for (int c = 0; c < C; c++) {
                        int sum = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                sum += u8(src[base + ((y + dy) * w + x + dx) * C + c]) * (dx == 0 && dy == 0 ? 5 : 1);
                            }
                        }
                        int i = base + (y * w + x) * C + c;
                        double smooth = Math.floor(sum / 13.0 + 0.5);
                        out[i] = clip8(smooth + factor * (u8(src[i]) - smooth));
                    }
                }
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /** Shift the hue of every pixel by {@code shift} turns (-0.5..0.5), keeping saturation and value (HSV). */
    static VideoClip hue(VideoClip clip, double shift) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i += C) {
            double r = u8(src[i]) / 255.0;
            double g = u8(src[i + 1]) / 255.0;
            double b = u8(src[i + 2]) / 255.0;
            double max = Math.max(r, Math.max(g, b));
            double min = Math.min(r, Math.min(g, b));
            double delta = max - min;
            double hue = 0;
            if (delta > 0) {
                if (max == r) {
                    hue = ((g - b) / delta) / 6.0;
                } else if (max == g) {
                    hue = ((b - r) / delta + 2) / 6.0;
                } else {
                    hue = ((r - g) / delta + 4) / 6.0;
                }
            }
            hue = hue + shift;
            hue -= Math.floor(hue);
            double s = max == 0 ? 0 : delta / max;
            double v = max;
            double h6 = hue * 6.0;
            int sector = (int) Math.floor(h6) % 6;
            double f = h6 - Math.floor(h6);
            double p = v * (1 - s);
            double q = v * (1 - s * f);
            double u = v * (1 - s * (1 - f));
            double[] rgb = switch (sector) {
                case 0 -> new double[] {v, u, p};
                case 1 -> new double[] {q, v, p};
                case 2 -> new double[] {p, v, u};
                case 3 -> new double[] {p, q, v};
                case 4 -> new double[] {u, p, v};
                default -> new double[] {v, p, q};
            };
            for (int c = 0; c < C; c++) {
                out[i + c] = clip8(rgb[c] * 255.0);
            }
        }
        return new VideoClip(clip.frames(), clip.height(), clip.width(), out);
    }

    /**
     * An affine warp with bilinear sampling: output pixel {@code (x, y)} (centre at {@code x + 0.5, y + 0.5})
     * takes the input at {@code (a x + b y + c, d x + e y + f)} in the same coordinates; points outside the
     * frame take {@code fill}.
     *
     * @param m    {@code {a, b, c, d, e, f}}, output to input, as Pillow's {@code Image.transform(AFFINE)}
     * @param fill R, G, B of the area uncovered
     */
    static VideoClip affine(VideoClip clip, double[] m, int[] fill) {
        byte[] src = clip.rgb();
        byte[] out = new byte[src.length];
        int h = clip.height();
        int w = clip.width();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double xo = x + 0.5;
                double yo = y + 0.5;
                double u = m[0] * xo + m[1] * yo + m[2] - 0.5; // input pixel coordinates (centre at integers)
                double v = m[3] * xo + m[4] * yo + m[5] - 0.5;
                boolean inside = u > -0.5 && u < w - 0.5 && v > -0.5 && v < h - 0.5;
                int x0 = (int) Math.floor(u);
                int y0 = (int) Math.floor(v);
                double fx = u - x0;
                double fy = v - y0;
                int xa = Math.max(0, Math.min(w - 1, x0));
                int xb = Math.max(0, Math.min(w - 1, x0 + 1));
                int ya = Math.max(0, Math.min(h - 1, y0));
                int yb = Math.max(0, Math.min(h - 1, y0 + 1));
                for (int t = 0; t < clip.frames(); t++) {
                    int base = clip.frameOffset(t);
                    int d = base + (y * w + x) * C;
                    for (int c = 0; c < C; c++) {
                        if (!inside) {
                            out[d + c] = (byte) fill[c];
                            continue;
                        }
                        double top = u8(src[base + (ya * w + xa) * C + c]) * (1 - fx)
                                + u8(src[base + (ya * w + xb) * C + c]) * fx;
                        double bottom = u8(src[base + (yb * w + xa) * C + c]) * (1 - fx)
                                + u8(src[base + (yb * w + xb) * C + c]) * fx;
                        out[d + c] = clip8(top * (1 - fy) + bottom * fy);
                    }
                }
            }
        }
        return new VideoClip(clip.frames(), h, w, out);
    }
}
