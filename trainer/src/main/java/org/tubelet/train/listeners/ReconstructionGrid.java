package org.tubelet.train.listeners;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.models.videomae.Reconstruction;
import org.tubelet.models.videomae.VideoMaeConfig;

/**
 * VideoMAE reconstructions as one picture: one row per clip; for each shown frame four tiles side by side,
 * {@link Panel#ORIGINAL the clip} | {@link Panel#MASKED the masked input} (masked patches grey) |
 * {@link Panel#RECONSTRUCTION the reconstruction} (the model's predictions for the masked patches; the visible ones,
 * which it does not predict, grey) | {@link Panel#PASTED the reconstruction with the visible patches pasted back}.
 *
 * <p>Pixels are shown as the data loader read them: the model input times the processor's std plus its mean. The
 * predictions go the other way: from the model's target space (ImageNet-un-normalised pixels for three channels, see
 * {@link Reconstruction}) back to input values, then to pixels. With {@code norm_pix_loss} the model predicts each
 * patch normalised by its own mean and std; for display a prediction is de-normalised with the mean and std of the
 * original patch at its place, as the VideoMAE and MAE demos do (the caption says so). The visible patches of the last
 * panel are the original's pixels, unchanged. At most {@link #MAX_FRAMES} frames are shown, evenly spaced; tiles are
 * enlarged (nearest neighbour) to at least 64 pixels.
 */
public final class ReconstructionGrid {
    /** Frames shown per clip at most. */
    public static final int MAX_FRAMES = 8;
    /** The colour of patches a panel does not show. */
    public static final int GREY = 0x808080;
    private static final int MARGIN = 8;
    private static final int TILE_GAP = 1;
    private static final int FRAME_GAP = 8;
    private static final int ROW_GAP = 4;
    private static final int LINE = 16;

    /** The four tiles of a frame, left to right. */
    public enum Panel { ORIGINAL, MASKED, RECONSTRUCTION, PASTED }

    private final VideoMaeConfig c;
    private final Reconstruction reconstruction;
    private final float[] mean;
    private final float[] std;
    private final int scale;
    private final int[] frames;

    /**
     * @param config    the model (patch, tubelet and image size, channels, {@code norm_pix_loss})
     * @param imageMean the processor's per-channel mean ({@code image_mean}), as the input was normalised
     * @param imageStd  the processor's per-channel std
     */
    public ReconstructionGrid(VideoMaeConfig config, List<Double> imageMean, List<Double> imageStd) {
        if (config.numChannels() != 3 && config.numChannels() != 1) {
            throw new IllegalArgumentException("reconstruction pictures need 1 or 3 channels, the model has "
                    + config.numChannels());
        }
        this.c = config;
        this.reconstruction = new Reconstruction(config);
        this.mean = new float[config.numChannels()];
        this.std = new float[config.numChannels()];
        for (int k = 0; k < mean.length; k++) {
            mean[k] = imageMean.get(k).floatValue();
            std[k] = imageStd.get(k).floatValue();
        }
        this.scale = Math.max(1, (int) Math.ceil(64.0 / config.imageSize()));
        int step = (int) Math.ceil(config.numFrames() / (double) MAX_FRAMES);
        List<Integer> shown = new ArrayList<>();
        for (int t = 0; t < config.numFrames(); t += step) {
            shown.add(t);
        }
        this.frames = shown.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The frames shown, in column order. */
    public int[] framesShown() {
        return frames.clone();
    }

    /** Screen pixels per image pixel. */
    public int scale() {
        return scale;
    }

    private int tile() {
        return c.imageSize() * scale;
    }

    private int frameWidth() {
        return 4 * tile() + 3 * TILE_GAP;
    }

    private int top() {
        return MARGIN + (c.normPixLoss() ? 3 : 2) * LINE + LINE;
    }

    /** Left edge of the tile of frame column {@code column} (index into {@link #framesShown()}) and panel. */
    public int tileX(int column, Panel panel) {
        return MARGIN + column * (frameWidth() + FRAME_GAP) + panel.ordinal() * (tile() + TILE_GAP);
    }

    /** Top edge of the tiles of clip {@code row}. */
    public int tileY(int row) {
        return top() + row * (tile() + ROW_GAP);
    }

    /**
     * Draws the picture.
     *
     * @param pixels      [B, T, C, H, W] the model's input
     * @param masks       [B][N] true = masked
     * @param predictions [B, Nm, P] the model's predictions for the masked tokens, increasing token order
     * @param title       first line of the caption (e.g. the step)
     */
    public BufferedImage draw(INDArray pixels, boolean[][] masks, INDArray predictions, String title) {
        int clips = (int) pixels.size(0);
        int width = tileX(frames.length, Panel.ORIGINAL) - FRAME_GAP + MARGIN;
        int height = tileY(clips) - ROW_GAP + MARGIN;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        caption(g, title);
        for (int b = 0; b < clips; b++) {
            float[] input = clip(pixels, b);
            float[] shown = reconstructedClip(pixels, b, masks[b], predictions);
            for (int col = 0; col < frames.length; col++) {
                for (Panel p : Panel.values()) {
                    paint(img, tileX(col, p), tileY(b), p, frames[col], input, shown, masks[b]);
                }
            }
        }
        g.dispose();
        return img;
    }

    /**
     * Clip {@code b} as the last panel shows it, in model input values: the masked patches predicted (de-normalised
     * with {@code norm_pix_loss}), the visible ones from the input.
     *
     * @param pixels      [B, T, C, H, W] the model's input
     * @param mask        [N] clip b's mask, true = masked
     * @param predictions [B, Nm, P]
     * @return [T, C, H, W]
     */
    public float[] reconstructedClip(INDArray pixels, int b, boolean[] mask, INDArray predictions) {
        return reconstruction.toInputSpace(reconstruction.reconstruct(reconstruction.toTargetSpace(clip(pixels, b)),
                mask, rows(predictions.get(NDArrayIndex.point(b)))));
    }

    /** Model input values [T, C, H, W] as pixel values (input · std + mean per channel; not clamped). */
    public float[] toPixels(float[] input) {
        int plane = c.imageSize() * c.imageSize();
        float[] out = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            int k = (i / plane) % c.numChannels();
            out[i] = input[i] * std[k] + mean[k];
        }
        return out;
    }

    private static float[] clip(INDArray pixels, int b) {
        return pixels.get(NDArrayIndex.point(b)).castTo(DataType.FLOAT).dup().data().asFloat();   // [T, C, H, W]
    }

    private void paint(BufferedImage img, int x0, int y0, Panel panel, int t, float[] input, float[] predicted,
                       boolean[] mask) {
        int size = c.imageSize();
        int p = c.patchSize();
        int grid = size / p;
        int tokenBase = (t / c.tubeletSize()) * grid * grid;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean masked = mask[tokenBase + (y / p) * grid + x / p];
                int rgb = switch (panel) {
                    case ORIGINAL -> rgb(input, t, y, x);
                    case MASKED -> masked ? GREY : rgb(input, t, y, x);
                    case RECONSTRUCTION -> masked ? rgb(predicted, t, y, x) : GREY;
                    case PASTED -> masked ? rgb(predicted, t, y, x) : rgb(input, t, y, x);
                };
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** The displayed colour of pixel (y, x) of frame t of a [T, C, H, W] clip of model input values. */
    private int rgb(float[] clip, int t, int y, int x) {
        int ch = c.numChannels();
        int size = c.imageSize();
        int[] v = new int[3];
        for (int k = 0; k < 3; k++) {
            int kk = ch == 1 ? 0 : k;
            v[k] = toByte(clip[((t * ch + kk) * size + y) * size + x] * std[kk] + mean[kk]);
        }
        return (v[0] << 16) | (v[1] << 8) | v[2];
    }

    /** A pixel value in [0, 1] as the byte a picture stores: clamped, times 255, rounded. */
    public static int toByte(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    private static float[][] rows(INDArray predictions) {
        INDArray p = predictions.castTo(DataType.FLOAT);                  // [Nm, P]
        float[][] out = new float[(int) p.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.getRow(i).dup().data().asFloat();
        }
        return out;
    }

    private void caption(Graphics2D g, String title) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        int y = MARGIN + 12;
        g.drawString(title, MARGIN, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("one row per clip; per frame: original | masked input (grey = masked) | reconstruction of the "
                + "masked patches | reconstruction + visible patches", MARGIN, y += LINE);
        if (c.normPixLoss()) {
            g.drawString("norm_pix_loss: predicted patches de-normalised with the original patch's mean and std "
                    + "(as the VideoMAE and MAE demos do)", MARGIN, y += LINE);
        }
        g.setColor(Color.DARK_GRAY);
        for (int col = 0; col < frames.length; col++) {
            g.drawString("frame " + frames[col], tileX(col, Panel.ORIGINAL), top() - 4);
        }
    }
}
