package org.tubelet.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code F.interpolate(..., align_corners=False)} written out from its definition, independently of the
 * production code, for tests: each output sample sits at {@code src = (dst + ½)·in/out − ½} in input coordinates and
 * takes the input samples around it weighted by the mode's kernel of the distance, indices clamped to the edges.
 */
public final class TorchResize {
    private TorchResize() {
    }

    /** Keys' cubic convolution kernel with PyTorch's a = −0.75, of a distance. */
    static double keys(double distance) {
        double a = -0.75;
        double d = Math.abs(distance);
        if (d <= 1) {
            return (a + 2) * d * d * d - (a + 3) * d * d + 1;
        }
        if (d < 2) {
            return a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a;
        }
        return 0;
    }

    /** [out][in] weights of {@code mode="bicubic"} along one axis. */
    public static double[][] bicubic(int in, int out) {
        double[][] w = new double[out][in];
        for (int o = 0; o < out; o++) {
            double src = (o + 0.5) * in / out - 0.5;
            int base = (int) Math.floor(src);
            for (int k = base - 1; k <= base + 2; k++) {
                w[o][Math.max(0, Math.min(in - 1, k))] += keys(src - k);
            }
        }
        return w;
    }

    /** [out][in] weights of {@code mode="linear"} (the source position clamped at 0, as PyTorch does). */
    public static double[][] linear(int in, int out) {
        double[][] w = new double[out][in];
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, (o + 0.5) * in / out - 0.5);
            int base = (int) Math.floor(src);
            for (int k = base; k <= base + 1; k++) {
                w[o][Math.min(in - 1, k)] += Math.max(0, 1 - Math.abs(src - k));
            }
        }
        return w;
    }

    /** [out][in] weights of {@code mode="nearest"}. */
    public static double[][] nearest(int in, int out) {
        double[][] w = new double[out][in];
        for (int o = 0; o < out; o++) {
            w[o][Math.min(in - 1, (int) Math.floor(o * (double) in / out))] = 1;
        }
        return w;
    }

    /**
     * A position table [1, prefix + T·H·W, D] (t-major, row-major grid) resized to T'×H'×W' by applying each axis's
     * weights in turn (time, then height, then width); the prefix rows stay.
     */
    public static INDArray resize(INDArray table, int prefix, int[] from, int[] to, double[][] time,
                                  double[][] height, double[][] width) {
        int d = (int) table.size(2);
        double[][] rows = table.reshape(table.size(1), d).castTo(DataType.DOUBLE).toDoubleMatrix();
        int t0 = from[0];
        int h0 = from[1];
        int w0 = from[2];
        // time: [T', H, W, D]
        double[][][][] a = new double[to[0]][h0][w0][d];
        for (int t = 0; t < to[0]; t++) {
            for (int s = 0; s < t0; s++) {
                for (int y = 0; y < h0; y++) {
                    for (int x = 0; x < w0; x++) {
                        for (int k = 0; k < d; k++) {
                            a[t][y][x][k] += time[t][s] * rows[prefix + (s * h0 + y) * w0 + x][k];
                        }
                    }
                }
            }
        }
        // height: [T', H', W, D]
        double[][][][] b = new double[to[0]][to[1]][w0][d];
        for (int t = 0; t < to[0]; t++) {
            for (int y = 0; y < to[1]; y++) {
                for (int s = 0; s < h0; s++) {
                    for (int x = 0; x < w0; x++) {
                        for (int k = 0; k < d; k++) {
                            b[t][y][x][k] += height[y][s] * a[t][s][x][k];
                        }
                    }
                }
            }
        }
        // width: [T', H', W', D]
        double[][] out = new double[prefix + to[0] * to[1] * to[2]][d];
        for (int p = 0; p < prefix; p++) {
            out[p] = rows[p].clone();
        }
        for (int t = 0; t < to[0]; t++) {
            for (int y = 0; y < to[1]; y++) {
                for (int x = 0; x < to[2]; x++) {
                    for (int s = 0; s < w0; s++) {
                        for (int k = 0; k < d; k++) {
                            out[prefix + (t * to[1] + y) * to[2] + x][k] += width[x][s] * b[t][y][s][k];
                        }
                    }
                }
            }
        }
        return Nd4j.create(out).castTo(DataType.FLOAT).reshape(1, out.length, d);
    }
}
