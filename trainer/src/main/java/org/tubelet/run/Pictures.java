package org.tubelet.run;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.listeners.ConfusionImage;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.listeners.Plots;
import org.tubelet.train.listeners.RunImages;

/**
 * Pictures of clips, masks, curves and results, drawn with Java2D in memory (headless) for notebooks and reports:
 * a notebook shows the returned image with its kernel's display support, {@link #png} gives the bytes.
 */
public final class Pictures {
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color MASK = new Color(128, 128, 128);
    /** How much of a masked patch is the mask colour (the rest is the frame, so one sees what is hidden). */
    static final double MASK_OPACITY = 0.85;

    private Pictures() {
    }

    /** Every frame of a video file (decoded with FFmpeg), left to right, each pixel drawn {@code scale}×{@code scale}. */
    public static BufferedImage frames(Path video, int scale) throws IOException {
        VideoDecoder decoder = new VideoDecoder();
        int n = decoder.probe(video).frameCount();
        return frames(decoder.decode(video, IntStream.range(0, n).toArray()), scale);
    }

    /** The frames of a clip ([T, H, W, 3] RGB), left to right, each pixel drawn {@code scale}×{@code scale}. */
    public static BufferedImage frames(VideoClip clip, int scale) {
        return masked(clip, null, 1, 1, 1, scale);
    }

    /**
     * The frames of a clip with VideoMAE's masked patches greyed out: token {@code t'·g² + row·g + col} covers frames
     * {@code t'·tubelet_size ..} and the cell (row, col) of a g × g grid, g = image_size / patch_size.
     *
     * @param clip   the clip, {@code num_frames} frames (any size: the grid is laid over the whole frame)
     * @param mask   [N] true = masked, in the model's token order ({@code TubeMaskGenerator})
     * @param config the model, for its tubelet size and patch grid
     * @param scale  each pixel drawn scale × scale
     */
    public static BufferedImage masked(VideoClip clip, boolean[] mask, VideoMaeConfig config, int scale) {
        if (clip.frames() != config.numFrames()) {
            throw new IllegalArgumentException("the clip has " + clip.frames() + " frames but the model takes "
                    + config.numFrames());
        }
        int grid = config.imageSize() / config.patchSize();
        if (mask.length != config.numPatches()) {
            throw new IllegalArgumentException("the mask has " + mask.length + " tokens but the model has "
                    + config.numPatches());
        }
        return masked(clip, mask, config.tubeletSize(), grid, grid, scale);
    }

    private static BufferedImage masked(VideoClip clip, boolean[] mask, int tubelet, int rows, int cols, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale = " + scale + ": expected at least 1");
        }
        int h = clip.height();
        int w = clip.width();
        int gap = clip.frames() > 1 ? 2 : 0;
        BufferedImage img = new BufferedImage(clip.frames() * (w * scale + gap) - gap, h * scale,
                BufferedImage.TYPE_INT_RGB);
        fill(img, Color.WHITE);
        for (int t = 0; t < clip.frames(); t++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int token = (t / tubelet) * rows * cols + (y * rows / h) * cols + x * cols / w;
                    boolean hidden = mask != null && mask[token];
                    int rgb = 0;
                    for (int c = 0; c < VideoClip.CHANNELS; c++) {
                        double v = clip.get(t, y, x, c);
                        if (hidden) {
                            v = MASK_OPACITY * channel(MASK, c) + (1 - MASK_OPACITY) * v;
                        }
                        rgb = (rgb << 8) | (int) Math.round(v);
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(t * (w * scale + gap) + x * scale + dx, y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }

    /**
     * The plots of a run folder's {@code metrics.csv}, as training draws them ({@link Plots#charts}): {@code loss},
     * {@code lr} and, with evaluations, {@code accuracy}.
     */
    public static Map<String, BufferedImage> curves(Path runDir) throws IOException {
        return Plots.charts(MetricsCsv.read(runDir.resolve("metrics.csv")));
    }

    /**
     * The confusion matrix as a heat map: rows are the true classes, columns the predicted ones, with the counts; the
     * picture TensorBoard shows ({@link ConfusionImage}).
     */
    public static BufferedImage confusion(EvalResult result) {
        return ConfusionImage.image(result);
    }

    /** Horizontal bars, one per label, with the value printed as a percentage (e.g. class probabilities). */
    public static BufferedImage bars(List<String> labels, double[] values) {
        if (labels.size() != values.length) {
            throw new IllegalArgumentException(labels.size() + " labels for " + values.length + " values");
        }
        int row = 22;
        int left = 20 + maxWidth(labels);
        int width = 300;
        BufferedImage img = new BufferedImage(left + width + 80, 10 + row * values.length, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        for (int i = 0; i < values.length; i++) {
            int y = 5 + i * row;
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), 10, y + 15);
            g.setColor(new Color(30, 90, 200));
            g.fillRect(left, y + 3, (int) Math.round(Math.max(0, Math.min(1, values[i])) * width), row - 6);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.1f %%", 100 * values[i]), left + width + 8, y + 15);
        }
        g.dispose();
        return img;
    }

    /** Images one below the other, each under its caption. */
    public static BufferedImage stack(List<String> captions, List<BufferedImage> images) {
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException(captions.size() + " captions for " + images.size() + " images");
        }
        int caption = 22;
        int width = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int height = images.stream().mapToInt(i -> i.getHeight() + caption + 6).sum();
        BufferedImage img = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        int y = 0;
        for (int i = 0; i < images.size(); i++) {
            g.setColor(Color.BLACK);
            g.drawString(captions.get(i), 2, y + 16);
            g.drawImage(images.get(i), 0, y + caption, null);
            y += images.get(i).getHeight() + caption + 6;
        }
        g.dispose();
        return img;
    }

    /** The PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        return RunImages.png(image);
    }

    private static int channel(Color colour, int c) {
        return c == 0 ? colour.getRed() : c == 1 ? colour.getGreen() : colour.getBlue();
    }

    private static Graphics2D graphics(BufferedImage img) {
        System.setProperty("java.awt.headless", "true");
        fill(img, Color.WHITE);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(TEXT);
        return g;
    }

    private static void fill(BufferedImage img, Color colour) {
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
    }

    private static int maxWidth(List<String> labels) {
        System.setProperty("java.awt.headless", "true");
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        FontMetrics fm = g.getFontMetrics(TEXT);
        int w = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
        g.dispose();
        return w;
    }
}
