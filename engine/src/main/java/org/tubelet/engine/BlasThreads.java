package org.tubelet.engine;

import com.sun.jna.Pointer;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS on one thread while a kernel runs its own products side by side on the {@link Workers}.
 *
 * <p>OpenBLAS runs a {@code gemm} above m·n·k = 2¹⁸ on all its threads, and one below on the calling thread. A kernel
 * with many small independent products (attention's, one per group and head) is fastest with whole products, one per
 * worker, each on one thread: 24 bench-s heads' [197, 64] × [64, 197] products took 0.5 ms so, and 1.2–1.8 ms cut
 * into blocks of 20 rows small enough to stay under the threshold (OpenBLAS packs the right-hand side again for every
 * block). OpenBLAS 0.3.19's {@code openblas_set_num_threads} cost 2–4 ms per pair of calls here, so the kernels write
 * the thread count it reads ({@code blas_cpu_number}, a global of the kernels' OpenBLAS copy; 1 makes every product
 * run on its caller's thread) directly: checked at start-up to be the variable {@code openblas_get_num_threads}
 * returns, else {@link #available()} is false and kernels keep their products under the threshold. The count is
 * global, so callers nest: the first to enter sets one thread, the last to leave restores the count it found. Another
 * thread's product that starts meanwhile runs on one thread: slower, never wrong.
 */
final class BlasThreads {
    private static final Logger LOG = LogManager.getLogger(BlasThreads.class);
    /** JavaCPP's name of the OpenBLAS copy the kernels call. */
    private static final String LIBRARY = "openblas_nolapack";
    /** OpenBLAS's thread count, or null when it cannot be reached. */
    private static final Pointer CPU_NUMBER = find().orElse(null);

    private static int users;
    private static int saved;

    private BlasThreads() {
    }

    /** True if {@link #singleWhile} turns OpenBLAS's own threads off (and there are threads to turn off). */
    static boolean available() {
        return CPU_NUMBER != null && Workers.THREADS > 1;
    }

    /** Runs {@code body} with OpenBLAS's own threading off, if {@link #available()}; else just runs it. */
    static void singleWhile(Runnable body) {
        if (!available()) {
            body.run();
            return;
        }
        enter();
        try {
            body.run();
        } finally {
            leave();
        }
    }

    private static synchronized void enter() {
        if (users++ == 0) {
            saved = CPU_NUMBER.getInt(0);
            CPU_NUMBER.setInt(0, 1);
        }
    }

    private static synchronized void leave() {
        if (--users == 0) {
            CPU_NUMBER.setInt(0, saved);
        }
    }

    /** OpenBLAS's thread count as {@code openblas_get_num_threads()} returns it (-1 where it cannot be called). */
    static int openBlasThreads() {
        try {
            return OpenBlasCore.loaded(LIBRARY).map(l -> l.getFunction("openblas_get_num_threads").invokeInt(
                    new Object[0])).orElse(-1);
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    /** {@code blas_cpu_number}, if it is the count {@code openblas_get_num_threads} returns. */
    private static Optional<Pointer> find() {
        try {
            Loader.load(openblas_nolapack.class);
            Optional<Pointer> p = OpenBlasCore.loaded(LIBRARY).map(l -> l.getGlobalVariableAddress("blas_cpu_number"));
            if (p.isPresent() && p.get().getInt(0) != openBlasThreads()) {
                LOG.debug("OpenBLAS's blas_cpu_number is not its thread count: kernels keep products small");
                return Optional.empty();
            }
            return p;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("OpenBLAS's thread count cannot be reached ({}): kernels keep products small", e.toString());
            return Optional.empty();
        }
    }
}
