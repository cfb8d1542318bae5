package org.tubelet.models.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels' threads: as many as BLAS may use (the launcher sets 2 on the bench machine), the calling thread being
 * one of them. SameDiff runs one op at a time, so the kernels never compete with libnd4j's own threads.
 */
final class Workers {
    /** How many threads a kernel spreads its work over. */
    static final int THREADS = Math.max(1, Nd4j.factory().blas().getMaxThreads());

    private static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
        Thread t = new Thread(r, "tubelet-kernel");
        t.setDaemon(true);
        return t;
    });

    /** Elements per block of {@link #forEachBlock}: four float arrays of this size stay in a core's L2 cache. */
    static final int BLOCK = 1 << 13;

    /** A pass over elements {@code [at, at + len)} with four scratch arrays of at least {@code len} floats. */
    @FunctionalInterface
    interface BlockPass {
        void run(int at, int len, float[] a, float[] b, float[] c, float[] d);
    }

    /** Work on items {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(long from, long to);
    }

    /** Below this many elements of work a kernel stays on the calling thread: waking a worker costs more. */
    static final long PARALLEL_MIN_ELEMENTS = 1 << 15;

    private Workers() {
    }

    /**
     * Runs {@code pass} over elements {@code [0, n)} in blocks of {@link #BLOCK}, the blocks spread over the threads
     * (see {@link #forEachRange(long, long, String, Range)}); each thread has its own four scratch arrays.
     */
    static void forEachBlock(long n, String what, BlockPass pass) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        forEachRange(blocks, n, what, (from, to) -> {
            float[] a = new float[BLOCK];
            float[] b = new float[BLOCK];
            float[] c = new float[BLOCK];
            float[] d = new float[BLOCK];
            for (long block = from; block < to; block++) {
                int at = (int) (block * BLOCK);
                pass.run(at, (int) Math.min(BLOCK, n - at), a, b, c, d);
            }
        });
    }

    /**
     * {@link #forEachRange(long, String, Range)} if the work covers at least {@link #PARALLEL_MIN_ELEMENTS} elements,
     * else {@code body} over all items on the calling thread.
     */
    static void forEachRange(long n, long elements, String what, Range body) {
        if (elements < PARALLEL_MIN_ELEMENTS) {
            body.run(0, n);
        } else {
            forEachRange(n, what, body);
        }
    }

    /**
     * Runs {@code body} over items {@code [0, n)} cut into at most {@link #THREADS} contiguous ranges, the caller
     * running the first; returns when all are done.
     *
     * @param what names the kernel in the exception if a range fails
     */
    static void forEachRange(long n, String what, Range body) {
        int workers = (int) Math.min(THREADS, n);
        if (workers <= 1) {
            body.run(0, n);
            return;
        }
        Future<?>[] others = new Future<?>[workers - 1];
        for (int w = 1; w < workers; w++) {
            long from = n * w / workers;
            long to = n * (w + 1) / workers;
            others[w - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, n / workers);
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in " + what, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(what + " failed", e.getCause());
            }
        }
    }
}
