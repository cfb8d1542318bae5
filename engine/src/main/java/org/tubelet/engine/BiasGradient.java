package org.tubelet.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward pass of {@code z = x + b} with {@code x} of shape [M, N] and a bias {@code b} of shape [N]
 * ({@code add_bp}): {@code dx = dz} (a copy) and {@code db = Σ_rows dz}, in one read of {@code dz}.
 *
 * <p>libnd4j's {@code add_bp} took 0.5 ms per {@code [788, 384]} and 2.1 ms per {@code [788, 1536]} call on the bench
 * machine, ≈ 55 ms of a ViViT training step for 72 bias gradients.
 */
final class BiasGradient {
    private BiasGradient() {
    }

    /** True for float32 {@code x} [M, N] (dense), {@code b} of N elements, dense outputs of their shapes. */
    static boolean supports(INDArray x, INDArray b, INDArray dz, INDArray dx, INDArray db) {
        if (x.rank() != 2 || b.length() != x.size(1) || b.rank() > 2 || (b.rank() == 2 && b.size(0) != 1)
                || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        for (INDArray a : new INDArray[] {x, b, dz, dx, db}) {
            if (a.dataType() != DataType.FLOAT || !BatchedGemm.isDense(a)) {
                return false;
            }
        }
        return dz.equalShapes(x) && dx.equalShapes(x) && db.equalShapes(b);
    }

    /** {@code dx = dz}, {@code db = Σ_rows dz}; arrays as {@link #supports}. */
    static void run(INDArray dz, INDArray dx, INDArray db) {
        pass(dz, dx.data().asNioFloat(), db);
    }

    /** {@code db = Σ_rows dz} for a dense float32 {@code dz} [M, N] and a dense float32 {@code db} of N elements. */
    static void columnSums(INDArray dz, INDArray db) {
        pass(dz, null, db);
    }

    /**
     * Column sums of dz into db ({@link Sums.Columns}: M is batch × tokens, 6,274 rows for two 224² × 32-frame ViViT
     * clips, too many for one float accumulator), and dz copied to {@code copy} unless null.
     */
    private static void pass(INDArray dz, FloatBuffer copy, INDArray db) {
        int width = (int) dz.size(1);
        FloatBuffer in = dz.data().asNioFloat();
        long rows = dz.size(0);
        int chunks = Workers.chunks(rows, dz.length());
        Sums.Columns[] parts = Sums.Columns.perChunk(0, chunks, width);
        Workers.forEachChunk(rows, dz.length(), "bias gradient", (chunk, from, to) -> {
            float[] row = Workers.rows(1, width)[0];
            Sums.Columns sums = parts[chunk];
            for (long r = from; r < to; r++) {
                int at = (int) (r * width);
                in.get(at, row, 0, width);
                if (copy != null) {
                    copy.put(at, row, 0, width);
                }
                sums.add(row);
            }
        });
        double[] total = Sums.Columns.inChunkOrder(parts, chunks, width);
        FloatBuffer out = db.data().asNioFloat();
        for (int j = 0; j < width; j++) {
            out.put(j, (float) total[j]);
        }
    }
}
