package org.tubelet.train.listeners;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.tubelet.train.eval.EvalResult;

/**
 * A picture of a confusion matrix: one square per (true class, predicted class), rows top to bottom, columns left to
 * right, from white (no video of the row's class) to dark blue (all of them), with the count written in the square
 * and the class names beside the rows when there is room. Java2D in headless mode.
 */
public final class ConfusionImage {
    static final int LEFT = 120;
    static final int TOP = 30;
    private static final int MAX_SIDE = 480;

    private ConfusionImage() {
    }

    /** The picture of {@code r}'s confusion matrix as PNG bytes (TensorBoard's image tab). */
    public static byte[] png(EvalResult r) {
        return RunImages.png(image(r));
    }

    /** The picture of {@code r}'s confusion matrix (notebooks show it as it is). */
    public static BufferedImage image(EvalResult r) {
        System.setProperty("java.awt.headless", "true");
        long[][] m = r.confusion();
        int n = m.length;
        int cell = cell(n);
        BufferedImage img = new BufferedImage(LEFT + n * cell + 10, TOP + n * cell + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("true \\ predicted", 5, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(12, cell / 2))));
        for (int i = 0; i < n; i++) {
            long row = 0;
            for (long c : m[i]) {
                row += c;
            }
            for (int j = 0; j < n; j++) {
                double share = row == 0 ? 0 : (double) m[i][j] / row;
                g.setColor(colour(share));
                g.fillRect(LEFT + j * cell, TOP + i * cell, cell, cell);
                if (cell >= 24 && m[i][j] > 0) {
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(Long.toString(m[i][j]), LEFT + j * cell + 4, TOP + i * cell + cell / 2 + 4);
                }
            }
            if (cell >= 10) {
                g.setColor(Color.DARK_GRAY);
                String name = r.classNames().get(i);
                g.drawString(name.length() > 16 ? name.substring(0, 15) + "…" : name, 5, TOP + i * cell + cell / 2 + 4);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, n * cell, n * cell);
        g.dispose();
        return img;
    }

    /** Side of one square in pixels: the matrix fits in about 480 pixels, each square 2 to 48 pixels. */
    static int cell(int classes) {
        return Math.max(2, Math.min(48, MAX_SIDE / Math.max(1, classes)));
    }

    /** White for 0, dark blue for 1, linear in between. */
    public static Color colour(double share) {
        double s = Math.max(0, Math.min(1, share));
        return new Color(lerp(255, 20, s), lerp(255, 60, s), lerp(255, 160, s));
    }

    private static int lerp(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}
