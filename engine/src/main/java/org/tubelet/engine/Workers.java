package org.tubelet.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernels' threads: as many as BLAS may use (the launcher sets 2 on the bench machine), the calling thread being
 * one of them. SameDiff runs one op at a time, so the kernels never compete with libnd4j's own threads.
 */
final class Workers {
    /** How many threads a kernel spreads its work over. */
    static final int THREADS = Math.max(1, Nd4j.factory().blas().getMaxThreads());

    /** The other THREADS − 1 threads; one caller at a time uses them ({@link #TEAM_IN_USE}). */
    private static final Worker[] TEAM = new Worker[Math.max(0, THREADS - 1)];
    private static final AtomicBoolean TEAM_IN_USE = new AtomicBoolean();

    static {
        for (int i = 0; i < TEAM.length; i++) {
            TEAM[i] = new Worker();
            TEAM[i].start();
        }
    }

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
     * (see {@link #forEachRange(long, long, String, Range)}); each thread has its own four scratch arrays, kept between
     * calls ({@link Scratch}), so a pass must write a scratch element before it reads it.
     */
    static void forEachBlock(long n, String what, BlockPass pass) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        forEachRange(blocks, n, what, (from, to) -> {
            Scratch s = SCRATCH.get();
            float[][] arrays = s.take();
            try {
                for (long block = from; block < to; block++) {
                    int at = (int) (block * BLOCK);
                    pass.run(at, (int) Math.min(BLOCK, n - at), arrays[0], arrays[1], arrays[2], arrays[3]);
                }
            } finally {
                s.give(arrays);
            }
        });
    }

    /**
     * A thread's four scratch arrays of {@link #BLOCK} floats for {@link #forEachBlock}, kept between calls: they
     * were the training step's largest source of garbage (about 50 MB a step on bench-s VideoMAE pretraining, every
     * array zeroed on allocation). A pass that itself runs {@code forEachBlock} on the same thread gets fresh arrays.
     */
    private static final class Scratch {
        private float[][] free = newArrays();

        float[][] take() {
            float[][] arrays = free != null ? free : newArrays();
            free = null;
            return arrays;
        }

        void give(float[][] arrays) {
            free = arrays;
        }

        private static float[][] newArrays() {
            return new float[][]{new float[BLOCK], new float[BLOCK], new float[BLOCK], new float[BLOCK]};
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Each thread's row arrays by width ({@link #rows}). */
    private static final ThreadLocal<Map<Integer, float[][]>> ROWS = ThreadLocal.withInitial(HashMap::new);

    /**
     * This thread's {@code count} float arrays of exactly {@code width} elements, kept between calls (one set per
     * width; encoder and decoder widths alternate): a chunk's row scratch, which it must write before it reads. With
     * 4 chunks per thread, arrays allocated per chunk were a few MB of garbage per training step. A chunk body that
     * runs another kernel on its own thread must not use them.
     */
    static float[][] rows(int count, int width) {
        float[][] rows = ROWS.get().get(width);
        if (rows == null || rows.length < count) {
            rows = new float[count][width];
            ROWS.get().put(width, rows);
        }
        return rows;
    }

    /** Work on chunk {@code chunk} of a split ({@link #chunks}): items {@code [from, to)}. */
    @FunctionalInterface
    interface Chunk {
        void run(int chunk, long from, long to);
    }

    /**
     * Chunks per thread of a parallel split. The threads take a split's chunks one at a time as they come free, so
     * a kernel thread that starts late (it parks during a long BLAS call, and waking it takes a system call and a
     * scheduler wake-up) only leaves the caller a smaller share to wait for: with one range per thread, the caller
     * waited for it ≈ 3 % of a bench-s TimeSformer training step (JFR: {@code Worker.await} at the top of the
     * caller's stack).
     */
    static final int CHUNKS_PER_THREAD = 4;

    /**
     * How many contiguous chunks {@link #forEachChunk} cuts {@code n} items covering {@code elements} elements of
     * work into: one below {@link #PARALLEL_MIN_ELEMENTS}, else {@link #THREADS} × {@link #CHUNKS_PER_THREAD} (at
     * most n). It depends on the work's size and the machine only, never on which thread runs which chunk, so a
     * kernel that adds per-chunk partial results in chunk order gets the same bits every run.
     */
    static int chunks(long n, long elements) {
        if (n <= 0) {
            return 0;
        }
        return elements < PARALLEL_MIN_ELEMENTS ? 1 : (int) Math.min(n, (long) THREADS * CHUNKS_PER_THREAD);
    }

    /** {@link #forEachChunk} for a body that does not care which chunk a range is. */
    static void forEachRange(long n, long elements, String what, Range body) {
        forEachChunk(n, elements, what, (chunk, from, to) -> body.run(from, to));
    }

    /** {@link #forEachRange(long, long, String, Range)} for work large enough to be spread over the threads. */
    static void forEachRange(long n, String what, Range body) {
        forEachRange(n, PARALLEL_MIN_ELEMENTS, what, body);
    }

    /**
     * Runs {@code body} over items {@code [0, n)} cut into {@link #chunks(long, long)} contiguous chunks, spread over
     * the kernel threads, the caller among them; returns when all are done. A chunk's exception is rethrown as an
     * {@link IllegalStateException} naming the kernel (chunks not yet started are skipped). If another thread is
     * using the kernel threads, the caller runs every chunk itself, in order.
     *
     * @param what names the kernel in the exception if a chunk fails
     */
    static void forEachChunk(long n, long elements, String what, Chunk body) {
        Split split = new Split(n, chunks(n, elements), body, what);
        int workers = Math.min(THREADS, split.chunks);
        if (workers <= 1 || !TEAM_IN_USE.compareAndSet(false, true)) {   // or another thread has the team
            split.drainHere();
            return;
        }
        try {
            for (int w = 1; w < workers; w++) {
                TEAM[w - 1].post(split::drain);
            }
            try {
                split.drainHere();
            } finally {
                for (int w = 1; w < workers; w++) {   // the team must be idle before it is released
                    TEAM[w - 1].await(what);
                }
            }
        } finally {
            TEAM_IN_USE.set(false);
        }
    }

    /** A split of items {@code [0, n)} into {@code chunks} contiguous chunks, taken one at a time by each thread. */
    private static final class Split {
        private final long n;
        private final int chunks;
        private final Chunk body;
        private final String what;
        private final AtomicInteger next = new AtomicInteger();

        Split(long n, int chunks, Chunk body, String what) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.what = what;
        }

        /** Runs chunks until none is left; after a failure the chunks not yet taken are skipped. */
        void drain() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(c, n * c / chunks, n * (c + 1) / chunks);
                } catch (RuntimeException e) {
                    next.set(chunks);
                    throw e;
                }
            }
        }

        /** {@link #drain} on the calling thread, a failure wrapped as the kernel's (a worker's: {@link Worker#await}). */
        void drainHere() {
            try {
                drain();
            } catch (RuntimeException e) {
                throw new IllegalStateException(what + " failed", e);
            }
        }
    }

    /**
     * A kernel thread that, after a task, waits {@link #SPIN_NANOS} for the next one before it parks, yielding the
     * core to any runnable thread meanwhile (OpenBLAS's, libnd4j's). Handing work to a waiting thread is a volatile
     * write, where waking a parked one is a system call and a scheduler wake-up: on the bench machine ≈ 5 % of the
     * calling thread's time went to that, and alternating steps in one process ran 2–4 % faster without it
     * (BENCHMARKS.md, fifth round).
     */
    private static final class Worker extends Thread {
        static final long SPIN_NANOS = 50_000;
        private volatile Runnable task;
        private volatile long posted;
        private volatile long done;
        private volatile boolean parked;
        private volatile Throwable failure;

        Worker() {
            super("tubelet-kernel");
            setDaemon(true);
        }

        /** Hands {@code r} to this thread (the team's owner only). */
        void post(Runnable r) {
            task = r;
            posted = posted + 1;          // after task: the worker reads task once it sees the new count
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Waits until the last posted task is done; rethrows its failure. */
        void await(String what) {
            long target = posted;
            int spins = 0;
            while (done != target) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable f = failure;
            if (f != null) {
                failure = null;
                throw new IllegalStateException(what + " failed", f);
            }
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (posted == seen) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.yield();
                    } else {
                        parked = true;
                        if (posted == seen) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                seen = posted;
                try {
                    task.run();
                } catch (Throwable e) {
                    failure = e;
                }
                done = seen;
            }
        }
    }
}
