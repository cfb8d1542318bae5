package org.tubelet.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code permute} of a float32 array into a dense C-ordered output, one output row (the last axis) at a time: a bulk
 * copy when that axis is contiguous in the input, else a strided loop.
 *
 * <p>libnd4j's rank-8 permute of the patch embedding ({@code [4, 8, 3, 112, 112]} pixels cut into 16-pixel rows) took
 * 11–13 ms per forward pass on the bench machine (3 ms here), 6 % of a VideoMAE pretraining forward pass; its
 * pretraining target's permute, a gather along a stride of 12,544 floats, 13 ms (9 ms here). Each thread finds the
 * input position of its first row by division and moves on row by row like an odometer: with a division per axis
 * and row the two took 0.7 and 4.8 ms on a 2-core Zen 5, now 0.35 and 2.3 ms.
 */
final class PermuteCopy {
    private PermuteCopy() {
    }

    /** True if {@code out} is {@code in} permuted by {@code perm}, float32, and {@code out} is dense. */
    static boolean supports(INDArray in, int[] perm, INDArray out) {
        int rank = in.rank();
        if (in.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT || rank < 2 || perm.length != rank
                || out.rank() != rank || !BatchedGemm.isDense(out) || in.length() > Integer.MAX_VALUE
                || in.data().length() > Integer.MAX_VALUE || in.length() == 0) {
            return false;
        }
        boolean[] seen = new boolean[rank];
        for (int j = 0; j < rank; j++) {
            int a = perm[j] < 0 ? perm[j] + rank : perm[j];
            if (a < 0 || a >= rank || seen[a] || out.size(j) != in.size(a)) {
                return false;
            }
            seen[a] = true;
        }
        return true;
    }

    /** {@code out[i₀, …] = in[…]} with output axis j = input axis {@code perm[j]}; arrays as {@link #supports}. */
    static void copy(INDArray in, int[] perm, INDArray out) {
        int rank = in.rank();
        long[] shape = out.shape();
        long[] inStride = new long[rank];                   // input stride of each output axis
        for (int j = 0; j < rank; j++) {
            inStride[j] = in.stride(perm[j] < 0 ? perm[j] + rank : perm[j]);
        }
        int width = (int) shape[rank - 1];
        long step = inStride[rank - 1];
        long base = in.offset();
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        long rows = out.length() / width;
        Workers.Range body = (from, to) -> {
            float[] row = Workers.rows(1, width)[0];
            long[] index = new long[rank - 1];                 // the row's output position on axes 0 .. rank − 2
            long at = base;                                    // and the input position of its first element
            long rest = from;
            for (int j = rank - 2; j >= 0; j--) {
                index[j] = rest % shape[j];
                at += index[j] * inStride[j];
                rest /= shape[j];
            }
            for (long r = from; r < to; r++) {
                if (step == 1) {
                    dst.put((int) (r * width), src, (int) at, width);     // buffer to buffer, no array between
                } else {
                    for (int i = 0; i < width; i++) {
                        row[i] = src.get((int) (at + i * step));
                    }
                    dst.put((int) (r * width), row, 0, width);
                }
                for (int j = rank - 2; j >= 0; j--) {           // the next row: an odometer, no division per row
                    at += inStride[j];
                    if (++index[j] < shape[j]) {
                        break;
                    }
                    at -= shape[j] * inStride[j];
                    index[j] = 0;
                }
            }
        };
        Workers.forEachRange(rows, out.length(), "permute kernel", body);
    }
}
