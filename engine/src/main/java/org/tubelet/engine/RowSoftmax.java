package org.tubelet.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a softmax over the last axis of a dense float32 array: {@code dx = y ⊙ (g − Σ y ⊙ g)} with
 * {@code y = softmax(x)}, what libnd4j's {@code softmax_bp} computes from the softmax's input {@code x} and the
 * incoming gradient {@code g}.
 *
 * <p>libnd4j's {@code softmax_bp} recomputes the softmax and then reduces through its generic along-dimension
 * machinery with full-size temporaries: 17 ms for one {@code [4, 6, 197, 197]} attention map on the bench machine,
 * 15 % of a ViViT training step. Here one Java pass per row computes {@code y} through the Vector API
 * ({@link VectorApi}) and turns it into the gradient; without the Vector API libnd4j's forward softmax (2 ms) first
 * writes {@code y} into {@code dx} (a scalar Java exponential is slower than libnd4j's: C2 does not vectorise it).
 */
final class RowSoftmax {
    private RowSoftmax() {
    }

    /** True if all arrays are dense float32 arrays of {@code x}'s shape (rank ≥ 1). */
    static boolean supports(INDArray x, INDArray... others) {
        if (x.dataType() != DataType.FLOAT || x.rank() < 1 || !BatchedGemm.isDense(x)
                || x.length() > Integer.MAX_VALUE || x.size(-1) == 0) {
            return false;
        }
        for (INDArray o : others) {
            if (o.dataType() != DataType.FLOAT || !o.equalShapes(x) || !BatchedGemm.isDense(o)) {
                return false;
            }
        }
        return true;
    }

    /** {@code dx = y ⊙ (g − Σ_last y ⊙ g)}, {@code y = softmax(x)} over the last axis; arrays as {@link #supports}. */
    static void backward(INDArray x, INDArray g, INDArray dx) {
        boolean vectors = VectorApi.enabled();                                 // y row by row in the pass below
        if (!vectors) {
            Nd4j.exec(new SoftMax(x, dx, x.rank() - 1));                      // dx = y
        }
        FloatBuffer in = x.data().asNioFloat();
        FloatBuffer grad = g.data().asNioFloat();
        FloatBuffer out = dx.data().asNioFloat();
        int width = (int) x.size(-1);
        long rows = x.length() / width;
        Workers.Range body = (from, to) -> {
            float[][] scratch = Workers.rows(2, width);
            float[] y = scratch[0];
            float[] gy = scratch[1];
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                if (vectors) {
                    in.get(at, y, 0, width);
                    VectorKernels.softmaxRows(y, 1, width);
                } else {
                    out.get(at, y, 0, width);
                }
                grad.get(at, gy, 0, width);
                float dot = (float) Sums.dot(y, gy, width);          // over S keys: 3,137 for ViViT at 224² × 32
                for (int i = 0; i < width; i++) {
                    gy[i] = y[i] * (gy[i] - dot);
                }
                out.put(at, gy, 0, width);
            }
        };
        Workers.forEachRange(rows, x.length(), "softmax backward", body);
    }
}
