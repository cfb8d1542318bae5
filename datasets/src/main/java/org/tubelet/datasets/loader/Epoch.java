package org.tubelet.datasets.loader;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The batches of one epoch, in order. Workers decode up to {@code prefetchBatches} batches ahead of the
 * consumer into a pool of {@code prefetchBatches + 1} reusable {@link ClipBatch} buffers; {@link #next()} waits for
 * the next batch in order (the wait is measured) and hands back the previous one's buffers.
 *
 * <p>Not thread-safe: one consumer. Close it (try-with-resources) to stop the workers, also when leaving an
 * epoch early.
 */
public final class Epoch implements Iterator<ClipBatch>, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(Epoch.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final VideoLoader loader;
    private final int epoch;
    private final int[] order;
    /** The batches served, by their index in the epoch; null = all of them, in order. */
    private final int[] selected;
    private final int batches;
    private final ExecutorService workers;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final ArrayDeque<ClipBatch> free = new ArrayDeque<>();
    private final AtomicInteger clips = new AtomicInteger();
    private final AtomicInteger substituted = new AtomicInteger();
    private final long startNanos = System.nanoTime();
    private int submitted;
    private int returned;
    private int allocated;
    private Pending current;
    private long waitNanos;
    private boolean finished;

    /** A batch being filled: done when every slot is. */
    private record Pending(ClipBatch batch, CountDownLatch remaining, AtomicReference<Throwable> failure) {
    }

    Epoch(VideoLoader loader, int epoch, int[] order, int[] selected) {
        this.loader = loader;
        this.epoch = epoch;
        this.order = order;
        this.selected = selected;
        this.batches = selected == null ? loader.batchesPerEpoch() : selected.length;
        int poolId = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "tubelet-loader-" + poolId + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        int n = loader.config().workers();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true); // an epoch left unclosed does not keep idle threads
        this.workers = pool;
        topUp();
    }

    /** Batches in this epoch. */
    public int batches() {
        return batches;
    }

    @Override
    public boolean hasNext() {
        return returned < batches;
    }

    /**
     * The next batch in order, waiting for the workers if needed. The previous batch becomes invalid.
     *
     * @throws LoaderException if the batch could not be made (see {@link LoaderException})
     */
    @Override
    public ClipBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
        }
        if (current != null) {
            free.push(current.batch());
            current = null;
        }
        topUp();
        Pending p = inFlight.poll();
        long t0 = System.nanoTime();
        try {
            p.remaining().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderException("interrupted while waiting for batch " + returned + " of epoch " + epoch, e);
        }
        waitNanos += System.nanoTime() - t0;
        Throwable failure = p.failure().get();
        if (failure != null) {
            close();
            throw failure instanceof LoaderException le ? le
                    : new LoaderException("epoch " + epoch + ", batch " + returned + ": " + failure, failure);
        }
        current = p;
        returned++;
        if (!hasNext()) {
            finish();
        }
        return p.batch();
    }

    /** Throughput so far. */
    public EpochStats stats() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new EpochStats(epoch, returned, clips.get(), substituted.get(), seconds,
                seconds > 0 ? clips.get() / seconds : 0, waitNanos / 1e9);
    }

    /** Stops the workers; batches not yet handed out are dropped. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("epoch {}: loader workers did not stop within 30 s", epoch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            workers.shutdown(); // every task has run
            LOG.info("{}", stats());
            loader.logUnreadableSummary();
        }
    }

    /** Submits batches until {@code prefetchBatches} are ahead of the one being consumed. */
    private void topUp() {
        int ahead = loader.config().prefetchBatches();
        while (submitted < batches && submitted < returned + ahead + (current == null ? 1 : 0)) {
            submit(selected == null ? submitted : selected[submitted]);
            submitted++;
        }
    }

    private void submit(int index) {
        int batchSize = loader.config().batchSize();
        int repeats = loader.config().repeats();
        int first = index * batchSize;
        int size = Math.min(batchSize, order.length - first); // samples; each gives `repeats` clips
        ClipBatch batch = free.poll();
        if (batch == null) {
            batch = new ClipBatch(loader.config().clipsPerBatch(), loader.clipShape());
            allocated++;
            LOG.debug("epoch {}: allocated batch buffer {}", epoch, allocated);
        }
        batch.reset(epoch, index, size * repeats);
        Pending p = new Pending(batch, new CountDownLatch(size), new AtomicReference<>());
        inFlight.add(p);
        for (int slot = 0; slot < size; slot++) {
            int s = slot;
            workers.execute(() -> {
                try {
                    if (p.failure().get() == null) { // a failed batch is not finished
                        if (loader.fill(p.batch(), s, order, first + s, epoch)) {
                            substituted.incrementAndGet();
                        }
                        clips.addAndGet(repeats);
                    }
                } catch (Throwable t) {
                    p.failure().compareAndSet(null, t);
                } finally {
                    p.remaining().countDown();
                }
            });
        }
    }
}
