package org.tubelet.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code F.interpolate} along one axis, as the taps (input indices and weights) of each output index: the
 * arithmetic of {@code aten/src/ATen/native/UpSample.h} with {@code align_corners=False} and no antialiasing, which
 * is how HF and timm resize position tables. Separable: a 2-D resize applies the taps of each axis.
 */
public enum Interpolation {
    /** {@code mode="nearest"}: {@code src = min(floor(dst·in/out), in-1)} (HF's TimeSformer, the TimeSformer paper). */
    NEAREST("nearest"),
    /** {@code mode="linear"}: {@code src = max(0, (dst+½)·in/out − ½)} between its two neighbours (edges clamped). */
    LINEAR("linear"),
    /**
     * {@code mode="bicubic"} on one axis: {@code src = (dst+½)·in/out − ½} (not clamped), four neighbours weighted by
     * Keys' cubic convolution with a = −0.75, indices clamped to the edges (timm's and HF's ViT table resize).
     */
    CUBIC("bicubic");

    /** PyTorch's {@code A} of the cubic convolution kernel. */
    static final double CUBIC_A = -0.75;

    private final String torchName;

    Interpolation(String torchName) {
        this.torchName = torchName;
    }

    /** The name of the mode in {@code F.interpolate}. */
    public String torchName() {
        return torchName;
    }

    /**
     * The taps of a 1-D resize from {@code in} to {@code out} samples.
     *
     * @return {@code [out][k]} input indices (in [0, in)) and {@code [out][k]} weights, summing to 1 per output
     */
    public Taps taps(int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("interpolation sizes must be positive, got " + in + " -> " + out);
        }
        double scale = (double) in / out;
        int k = switch (this) {
            case NEAREST -> 1;
            case LINEAR -> 2;
            case CUBIC -> 4;
        };
        int[][] index = new int[out][k];
        double[][] weight = new double[out][k];
        for (int o = 0; o < out; o++) {
            switch (this) {
                case NEAREST -> {
                    index[o][0] = Math.min((int) Math.floor(o * scale), in - 1);
                    weight[o][0] = 1.0;
                }
                case LINEAR -> {
                    double src = Math.max(0.0, (o + 0.5) * scale - 0.5);
                    int i0 = Math.min((int) Math.floor(src), in - 1);
                    double lambda = Math.min(Math.max(src - i0, 0.0), 1.0);
                    index[o][0] = i0;
                    index[o][1] = Math.min(i0 + 1, in - 1);
                    weight[o][0] = 1.0 - lambda;
                    weight[o][1] = lambda;
                }
                case CUBIC -> {
                    double src = (o + 0.5) * scale - 0.5;
                    int i0 = Math.min((int) Math.floor(src), in - 1);
                    double t = Math.min(Math.max(src - i0, 0.0), 1.0);
                    double[] w = {farTap(t + 1), nearTap(t), nearTap(1 - t), farTap(2 - t)};
                    for (int j = 0; j < 4; j++) {
                        index[o][j] = Math.min(Math.max(i0 - 1 + j, 0), in - 1);
                        weight[o][j] = w[j];
                    }
                }
            }
        }
        return new Taps(in, index, weight);
    }

    /** The cubic convolution kernel for a distance in [0, 1]. */
    private static double nearTap(double x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    /** The cubic convolution kernel for a distance in [1, 2]. */
    private static double farTap(double x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }

    /**
     * A 1-D resize's taps.
     *
     * @param in input samples
     * @param index [out][k] input index of each tap
     * @param weight [out][k] weight of each tap
     */
    public record Taps(int in, int[][] index, double[][] weight) {
        public int out() {
            return index.length;
        }

        /** The resize as a dense [out, in] matrix (taps on the same input index add up). */
        public double[][] dense() {
            double[][] m = new double[out()][in];
            for (int o = 0; o < out(); o++) {
                for (int j = 0; j < index[o].length; j++) {
                    m[o][index[o][j]] += weight[o][j];
                }
            }
            return m;
        }

        /** {@link #dense()} as a float matrix, e.g. a graph constant whose product resizes a table. */
        public INDArray matrix() {
            return Nd4j.create(dense()).castTo(DataType.FLOAT);
        }

        /**
         * The 2-D resize of a row-major grid (these taps along the rows, {@code cols} along the columns) as a dense
         * [outH·outW, inH·inW] float matrix.
         */
        public INDArray matrix2d(Taps cols) {
            double[][] r = dense();
            double[][] c = cols.dense();
            int inW = cols.in();
            int outW = cols.out();
            double[][] m = new double[out() * outW][in * inW];
            for (int y = 0; y < out(); y++) {
                for (int x = 0; x < outW; x++) {
                    for (int sy = 0; sy < in; sy++) {
                        if (r[y][sy] == 0) {
                            continue;
                        }
                        for (int sx = 0; sx < inW; sx++) {
                            m[y * outW + x][sy * inW + sx] = r[y][sy] * c[x][sx];
                        }
                    }
                }
            }
            return Nd4j.create(m).castTo(DataType.FLOAT);
        }
    }
}
