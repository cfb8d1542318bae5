package org.tubelet.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batched matrix product {@code C[b] = op(A[b])·op(B[b])} over the leading dimensions of rank ≥ 3 arrays, one BLAS
 * {@code gemm} per row block of each matrix, the blocks spread over the BLAS thread count of Java threads.
 *
 * <p>libnd4j 1.0.0-M2.1 computes a batched {@code matmul} (and both products of its backward pass) with a loop over
 * output elements instead of BLAS: attention's {@code [G, H, S, d]} products ran at 21–37 GFLOP/s on this project's
 * 2-core bench machine, where the row blocks run at 75–85 GFLOP/s (see BENCHMARKS.md, third round). The results are
 * the same floats up to summation order.
 *
 * <p>Arrays must be C-ordered with standard strides (a non-contiguous operand is copied first) and of one type,
 * float32 or float64; {@link #supports} says whether a product can run here.
 */
public final class BatchedGemm {
    /**
     * OpenBLAS 0.3.19 runs a {@code gemm} on one thread when m·n·k ≤ 65536 · 4 ({@code SMP_THRESHOLD_MIN ·
     * GEMM_MULTITHREAD_THRESHOLD}); above that it wakes its own worker threads, which for attention-sized matrices
     * is slower than one thread and stalled for 20–50 ms a few times per forward pass on the bench machine. Products
     * are therefore cut into row blocks at most this size and the blocks spread over the {@link Workers}.
     */
    static final long SINGLE_THREAD_MNK = 65536L * 4;
    /** Rows of a block when one row of the product is already above {@link #SINGLE_THREAD_MNK}. */
    static final long MIN_ROWS = 16;
    /** The narrowest column slice of such a block. */
    static final long MIN_COLS = 16;

    private BatchedGemm() {
    }

    /** True if {@code c = op(a)·op(b)} can be computed here: same float type, rank ≥ 3, equal batch dimensions. */
    public static boolean supports(INDArray a, INDArray b, INDArray c) {
        DataType t = a.dataType();
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || b.dataType() != t || c.dataType() != t) {
            return false;
        }
        int rank = a.rank();
        if (rank < 3 || b.rank() != rank || c.rank() != rank || c.ordering() != 'c' || !isDense(c)) {
            return false;
        }
        long[] batch = Arrays.copyOf(a.shape(), rank - 2);
        return Arrays.equals(batch, Arrays.copyOf(b.shape(), rank - 2))
                && Arrays.equals(batch, Arrays.copyOf(c.shape(), rank - 2));
    }

    /**
     * {@code c[b] = alpha · op(a[b])·op(b[b])}, overwriting {@code c}.
     *
     * @param a [..., r, s] stored, op(a) = a or aᵀ
     * @param b [..., s', t] stored, op(b) = b or bᵀ
     * @param c [..., M, N] output, C-ordered and dense
     * @throws IllegalArgumentException if the shapes do not multiply or {@link #supports} is false
     */
    public static void multiply(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c,
                                double alpha) {
        if (!supports(a, b, c)) {
            throw new IllegalArgumentException("batched gemm cannot compute " + Arrays.toString(c.shape()) + " from "
                    + Arrays.toString(a.shape()) + " × " + Arrays.toString(b.shape()));
        }
        int rank = a.rank();
        long aRows = a.size(rank - 2);
        long aCols = a.size(rank - 1);
        long bRows = b.size(rank - 2);
        long bCols = b.size(rank - 1);
        long m = transposeA ? aCols : aRows;
        long k = transposeA ? aRows : aCols;
        long n = transposeB ? bRows : bCols;
        long kb = transposeB ? bCols : bRows;
        if (k != kb || c.size(rank - 2) != m || c.size(rank - 1) != n) {
            throw new IllegalArgumentException("batched gemm: op(A) is " + m + "×" + k + ", op(B) " + kb + "×" + n
                    + ", C " + c.size(rank - 2) + "×" + c.size(rank - 1));
        }
        if (c.length() == 0) {
            return;
        }
        INDArray da = dense(a);
        INDArray db = dense(b);
        Product p = new Product(c.dataType() == DataType.FLOAT, da, transposeA, aCols, db, transposeB, bCols, c,
                m, n, k, alpha);
        long batches = c.length() / (m * n);
        Tiling t = Tiling.of(m, n, k);
        Workers.forEachRange(batches * t.perMatrix(), "batched gemm", (from, to) -> p.run(from, to, t));
    }

    /**
     * How each matrix of C is cut into blocks of at most {@link #SINGLE_THREAD_MNK}: whole rows while one row of
     * op(A)·op(B) fits (attention's products), else blocks of {@link #MIN_ROWS} rows and a slice of the columns. Single
     * rows would turn a product with a wide op(B) (n·k above the limit: VideoMAE's token selection,
     * [20, 196] × [196, 1536]) into gemv calls that each read all of op(B): 13 ms instead of 1.3 for that product.
     */
    record Tiling(long rows, long cols, long rowBlocks, long colBlocks) {
        static Tiling of(long m, long n, long k) {
            long rows = SINGLE_THREAD_MNK / Math.max(1, n * k);
            if (rows >= 1) {
                rows = Math.min(rows, m);
                return new Tiling(rows, n, ceilDiv(m, rows), 1);
            }
            rows = Math.min(m, MIN_ROWS);
            long cols = Math.min(n, Math.max(MIN_COLS, SINGLE_THREAD_MNK / Math.max(1, rows * k)));
            return new Tiling(rows, cols, ceilDiv(m, rows), ceilDiv(n, cols));
        }

        long perMatrix() {
            return rowBlocks * colBlocks;
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }
    }

    /**
     * One product's operands; {@link #run} computes a range of its blocks (block {@code i} is block
     * {@code i mod perMatrix} of matrix {@code i / perMatrix}, row block first, then column block).
     */
    private record Product(boolean single, INDArray a, boolean transposeA, long lda, INDArray b, boolean transposeB,
                           long ldb, INDArray c, long m, long n, long k, double alpha) {
        void run(long from, long to, Tiling t) {
            int transA = transposeA ? CblasTrans : CblasNoTrans;
            int transB = transposeB ? CblasTrans : CblasNoTrans;
            long strideA = m * k;
            long strideB = k * n;
            long strideC = m * n;
            // pointers of their own: positions are per pointer object and the blocks run on several threads
            Pointer pa = single ? new FloatPointer(a.data().addressPointer())
                    : new DoublePointer(a.data().addressPointer());
            Pointer pb = single ? new FloatPointer(b.data().addressPointer())
                    : new DoublePointer(b.data().addressPointer());
            Pointer pc = single ? new FloatPointer(c.data().addressPointer())
                    : new DoublePointer(c.data().addressPointer());
            for (long i = from; i < to; i++) {
                long matrix = i / t.perMatrix();
                long block = i % t.perMatrix();
                long row = (block / t.colBlocks()) * t.rows();
                long col = (block % t.colBlocks()) * t.cols();
                int mr = (int) Math.min(t.rows(), m - row);
                int nc = (int) Math.min(t.cols(), n - col);
                pa.position(matrix * strideA + (transposeA ? row : row * lda));   // rows of op(A)
                pb.position(matrix * strideB + (transposeB ? col * ldb : col));   // columns of op(B)
                pc.position(matrix * strideC + row * n + col);
                if (single) {
                    cblas_sgemm(CblasRowMajor, transA, transB, mr, nc, (int) k, (float) alpha,
                            (FloatPointer) pa, (int) lda, (FloatPointer) pb, (int) ldb, 0f, (FloatPointer) pc, (int) n);
                } else {
                    cblas_dgemm(CblasRowMajor, transA, transB, mr, nc, (int) k, alpha,
                            (DoublePointer) pa, (int) lda, (DoublePointer) pb, (int) ldb, 0d, (DoublePointer) pc,
                            (int) n);
                }
            }
        }
    }

    /** C-ordered, standard strides (a size-1 axis's aside), no offset: its memory is the elements in C order. */
    static boolean isDense(INDArray x) {
        if (x.ordering() != 'c' || x.offset() != 0 || x.data().length() < x.length()) {
            return false;
        }
        // Each axis's stride the product of the sizes after it. An axis of size 1 is never stepped along, so its
        // stride does not matter: ND4J's own check (Shape.hasDefaultStridesForShape) rejects C-ordered arrays with a
        // size-1 axis that is not the first ([4, 1, 384], TimeSformer's [B, T, 7, 7, C, 1, 16, 16] patches), which
        // then took libnd4j's path (its permute of those patches: 21 ms against the kernel's 0.8).
        long expected = 1;
        for (int j = x.rank() - 1; j >= 0; j--) {
            long n = x.size(j);
            if (n != 1 && x.stride(j) != expected) {
                return false;
            }
            expected *= n;
        }
        return true;
    }

    /** {@code x} itself if {@link #isDense}, else a dense C-ordered copy. */
    static INDArray dense(INDArray x) {
        return isDense(x) ? x : x.dup('c');
    }
}
