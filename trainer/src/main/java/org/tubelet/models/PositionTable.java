package org.tubelet.models;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A position-embedding table and the token grid it covers: {@code prefix} tokens (CLS), then a frames × height ×
 * width grid, t-major and row-major: [1, prefix + T·H·W, D]. Each family's weight layout lists its tables, so that
 * weights moved into a model of another clip length or resolution have their tables resized ({@link #resizeTo}) with
 * the target family's rule, the way timm and HF resize a ViT's table: learned ViViT tables linearly in time and
 * bicubically in space, TimeSformer's by nearest neighbour; VideoMAE's sin-cos table is not stored and is computed for
 * the new size.
 *
 * @param name the tensor's HF name (a fixed table: a name identifying it)
 * @param learned whether the table is a parameter; false for a table computed from the size (sin-cos)
 * @param prefix leading tokens copied as they are (CLS)
 * @param time interpolation along the frames
 * @param space interpolation along the height and along the width
 */
public record PositionTable(String name, boolean learned, int prefix, int frames, int height, int width,
                            Interpolation time, Interpolation space) {

    public PositionTable {
        if (prefix < 0 || frames <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": invalid grid " + prefix + " + " + frames + "x" + height + "x"
                    + width);
        }
    }

    /** A learned table. */
    public static PositionTable learned(String name, int prefix, int frames, int height, int width,
                                        Interpolation time, Interpolation space) {
        return new PositionTable(name, true, prefix, frames, height, width, time, space);
    }

    /** Rows of the table: prefix + T·H·W. */
    public long rows() {
        return prefix + (long) frames * height * width;
    }

    /** The grid as {@code T×H×W} (with {@code 1+} for a CLS row), for messages. */
    public String grid() {
        return (prefix > 0 ? prefix + "+" : "") + frames + "x" + height + "x" + width;
    }

    /** Whether another table covers the same tokens. */
    public boolean sameGrid(PositionTable o) {
        return prefix == o.prefix && frames == o.frames && height == o.height && width == o.width;
    }

    /**
     * This table's values on the grid of {@code to}, interpolated with {@code to}'s rules (its {@link #time} along the
     * frames, its {@link #space} along height and width, separably); the prefix rows are copied. Computed in double
     * precision.
     *
     * @param table [1, rows(), D] values of this table
     * @return [1, to.rows(), D] float
     */
    public INDArray resizeTo(PositionTable to, INDArray table) {
        long[] s = table.shape();
        if (s.length != 3 || s[0] != 1 || s[1] != rows()) {
            throw new IllegalArgumentException(name + ": table of shape " + Arrays.toString(s) + " does not cover "
                    + grid() + " tokens (expected [1, " + rows() + ", D])");
        }
        if (to.prefix != prefix) {
            throw new IllegalArgumentException(name + ": cannot resize " + grid() + " to " + to.grid()
                    + " (different leading tokens)");
        }
        int d = (int) s[2];
        double[] in = table.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] out = new double[(int) to.rows() * d];
        System.arraycopy(in, 0, out, 0, prefix * d);
        Interpolation.Taps ts = to.time.taps(frames, to.frames);
        Interpolation.Taps ys = to.space.taps(height, to.height);
        Interpolation.Taps xs = to.space.taps(width, to.width);
        for (int t = 0; t < to.frames; t++) {
            for (int y = 0; y < to.height; y++) {
                for (int x = 0; x < to.width; x++) {
                    int dst = (prefix + (t * to.height + y) * to.width + x) * d;
                    for (int a = 0; a < ts.index()[t].length; a++) {
                        for (int b = 0; b < ys.index()[y].length; b++) {
                            for (int c = 0; c < xs.index()[x].length; c++) {
                                double w = ts.weight()[t][a] * ys.weight()[y][b] * xs.weight()[x][c];
                                int src = (prefix + (ts.index()[t][a] * height + ys.index()[y][b]) * width
                                        + xs.index()[x][c]) * d;
                                for (int k = 0; k < d; k++) {
                                    out[dst + k] += w * in[src + k];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Nd4j.create(out, new long[]{1, to.rows(), d}, DataType.DOUBLE).castTo(DataType.FLOAT);
    }
}
