package org.tubelet.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graphs' small element-wise ops as Java passes over dense float32 arrays: {@code add} (same shapes, or a bias
 * row added to every row), {@code mul_scalar} and {@code reshape} (a copy).
 *
 * <p>On the bench machine libnd4j took 17 µs for a {@code [80, 384]} {@code add} in a loop, but 90–115 µs inside a
 * graph run, where its threads have gone to sleep between ops and the operands have left the cache; a VideoMAE
 * pretraining forward pass runs 117 {@code add}, 77 {@code reshape} and 16 {@code mul_scalar} ops, mostly on
 * {@code [80, 384]} arrays. Small arrays are done on the calling thread, large ones over the {@link Workers}.
 *
 * <p>Outside the graph: {@link #sumInto}, which sums a training session's gradients over micro-batches.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** True if {@code z = x + y} can run here: all dense float32, z of x's shape, y of x's shape or one row of x. */
    static boolean supportsAdd(INDArray x, INDArray y, INDArray z) {
        if (!denseFloats(x, y, z) || !z.equalShapes(x) || x.rank() == 0) {
            return false;
        }
        return y.equalShapes(x) || isRow(y, x.size(-1));
    }

    /** {@code z = x + y}, y of x's shape or a row added to every row of x; arrays as {@link #supportsAdd}. */
    static void add(INDArray x, INDArray y, INDArray z) {
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer ys = y.data().asNioFloat();
        FloatBuffer zs = z.data().asNioFloat();
        if (y.equalShapes(x)) {
            Workers.forEachBlock(x.length(), "add kernel", (at, len, a, b, c, d) -> {
                xs.get(at, a, 0, len);
                ys.get(at, b, 0, len);
                for (int i = 0; i < len; i++) {
                    a[i] += b[i];
                }
                zs.put(at, a, 0, len);
            });
            return;
        }
        int width = (int) y.length();
        float[] bias = new float[width];
        ys.get(0, bias);
        Workers.forEachRange(x.length() / width, x.length(), "bias add kernel", (from, to) -> {
            float[] row = Workers.rows(1, width)[0];
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                xs.get(at, row, 0, width);
                for (int j = 0; j < width; j++) {
                    row[j] += bias[j];
                }
                zs.put(at, row, 0, width);
            }
        });
    }

    /** True if {@code z = s·x} can run here: dense float32 arrays of one shape. */
    static boolean supportsScale(INDArray x, INDArray z) {
        return denseFloats(x, z) && z.equalShapes(x);
    }

    /** {@code z = s·x}; arrays as {@link #supportsScale}. */
    static void scale(INDArray x, float s, INDArray z) {
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer zs = z.data().asNioFloat();
        Workers.forEachBlock(x.length(), "scale kernel", (at, len, a, b, c, d) -> {
            xs.get(at, a, 0, len);
            for (int i = 0; i < len; i++) {
                a[i] *= s;
            }
            zs.put(at, a, 0, len);
        });
    }

    /** True if a C-order reshape of {@code x} into {@code z} is a plain copy: dense float32, equal lengths. */
    static boolean supportsCopy(INDArray x, INDArray z) {
        return denseFloats(x, z) && x.length() == z.length();
    }

    /** {@code z}'s elements = {@code x}'s, in C order; arrays as {@link #supportsCopy}. */
    static void copy(INDArray x, INDArray z) {
        z.data().asNioFloat().put(0, x.data().asNioFloat(), 0, (int) x.length());
    }

    /** {@code sum = g} ({@code first}) or {@code sum += g}; arrays as {@link #supportsCopy}. */
    static void sumInto(INDArray g, INDArray sum, boolean first) {
        if (first) {
            copy(g, sum);
            return;
        }
        add(sum, g.reshape(sum.shape()), sum);
    }

    /** True if {@code y} holds {@code width} elements in one row ([width], [1, width], [1, 1, width]...). */
    private static boolean isRow(INDArray y, long width) {
        return y.length() == width && (y.rank() == 1 || y.size(-1) == width);
    }

    private static boolean denseFloats(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || !BatchedGemm.isDense(a) || a.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }
}
