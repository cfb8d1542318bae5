package org.tubelet.train.listeners;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.tubelet.train.loop.MetricsRow;

/**
 * PNG line plots of a run's metrics ({@code loss.png}, {@code accuracy.png}, {@code lr.png}) drawn with Java2D in
 * headless mode: no plotting dependency.
 */
public final class Plots {
    private static final int W = 800;
    private static final int H = 450;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Plots() {
    }

    /** A named series of (step, value) points. */
    record Series(String name, Color colour, List<double[]> points) {
    }

    /** Writes the three plots into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, List<MetricsRow> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        List<MetricsRow> train = rows.stream().filter(r -> !r.isEval()).toList();
        List<MetricsRow> eval = rows.stream().filter(MetricsRow::isEval).toList();
        if (!train.isEmpty()) {
            Series loss = series("loss", new Color(160, 190, 230), train, MetricsRow::loss);
            Series smooth = new Series("loss (smoothed)", new Color(30, 90, 200), ema(loss.points(), 0.05));
            List<Series> l = new ArrayList<>(List.of(loss, smooth));
            if (eval.stream().anyMatch(r -> !Double.isNaN(r.valLoss()))) {
                l.add(series("val loss", new Color(220, 80, 40), eval, MetricsRow::valLoss));
            }
            out.add(png(dir.resolve("loss.png"), "Loss", l, false));
            out.add(png(dir.resolve("lr.png"), "Learning rate",
                    List.of(series("lr", new Color(40, 150, 80), train, MetricsRow::lr)), false));
        }
        if (eval.stream().anyMatch(r -> !Double.isNaN(r.valTop1()))) {
            out.add(png(dir.resolve("accuracy.png"), "Validation accuracy", List.of(
                    series("val top-1", new Color(30, 90, 200), eval, MetricsRow::valTop1),
                    series("val top-5", new Color(220, 140, 30), eval, MetricsRow::valTop5),
                    series("val mean class", new Color(40, 150, 80), eval, MetricsRow::valMeanClassAcc)), true));
        }
        return out;
    }

    private static Series series(String name, Color c, List<MetricsRow> rows, ToDoubleFunction<MetricsRow> f) {
        List<double[]> pts = new ArrayList<>();
        for (MetricsRow r : rows) {
            double v = f.applyAsDouble(r);
            if (Double.isFinite(v)) {
                pts.add(new double[]{r.step(), v});
            }
        }
        return new Series(name, c, pts);
    }

    private static List<double[]> ema(List<double[]> pts, double alpha) {
        List<double[]> out = new ArrayList<>();
        double s = Double.NaN;
        for (double[] p : pts) {
            s = Double.isNaN(s) ? p[1] : (1 - alpha) * s + alpha * p[1];
            out.add(new double[]{p[0], s});
        }
        return out;
    }

    private static Path png(Path file, String title, List<Series> series, boolean unitRange) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y0 = Math.min(y0, p[1]);
                y1 = Math.max(y1, p[1]);
            }
        }
        if (unitRange) {
            y0 = 0;
            y1 = 1;
        }
        if (!Double.isFinite(x0)) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            y1 = y0 + Math.max(1e-12, Math.abs(y0) * 0.1);
        }
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {                                          // grid and tick labels
            int y = TOP + ph - i * ph / 5;
            int x = LEFT + i * pw / 5;
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(y0 + i * (y1 - y0) / 5), 5, y + 4);
            g.drawString(String.format(Locale.ROOT, "%.0f", x0 + i * (x1 - x0) / 5), x - 10, TOP + ph + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("step", LEFT + pw / 2 - 10, H - 12);
        int legendX = LEFT + pw - 150;
        int legendY = TOP + 15;
        g.setStroke(new BasicStroke(1.8f));
        for (Series s : series) {
            g.setColor(s.colour());
            int px = -1;
            int py = -1;
            for (double[] p : s.points()) {
                int x = LEFT + (int) Math.round((p[0] - x0) / (x1 - x0) * pw);
                int y = TOP + ph - (int) Math.round((p[1] - y0) / (y1 - y0) * ph);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                } else if (s.points().size() == 1) {
                    g.fillOval(x - 3, y - 3, 6, 6);
                }
                px = x;
                py = y;
            }
            g.fillRect(legendX, legendY - 8, 14, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name(), legendX + 20, legendY - 3);
            legendY += 16;
        }
        g.dispose();
        return RunImages.writePng(file, img);
    }

    private static String label(double v) {
        double a = Math.abs(v);
        return a != 0 && (a < 1e-2 || a >= 1e4) ? String.format(Locale.ROOT, "%.1e", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
