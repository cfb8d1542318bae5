package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The kernel threads: every item exactly once, chunks fixed by the sizes, failures reported, concurrent callers safe, a
 * parked team woken.
 */
class WorkersTest {

    @Test
    void everyItemRunsExactlyOnce() {
        for (int n : new int[]{1, 2, 3, 7, 1000}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Workers.forEachRange(n, "test", (from, to) -> {
                for (long i = from; i < to; i++) {
                    hits.incrementAndGet((int) i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "item " + i + " of " + n);
            }
        }
    }

    @Test
    void eachChunkRunsOnceOnItsFixedRange() {
        long large = 1L << 20;
        assertEquals(1, Workers.chunks(1000, Workers.PARALLEL_MIN_ELEMENTS - 1), "small work: one chunk");
        assertEquals(0, Workers.chunks(0, large));
        assertEquals(Math.min(3, Workers.THREADS * Workers.CHUNKS_PER_THREAD), Workers.chunks(3, large));
        for (long n : new long[]{1, 5, 1000}) {
            int chunks = Workers.chunks(n, large);
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            long[][] ranges = new long[chunks][];
            Workers.forEachChunk(n, large, "test", (chunk, from, to) -> {
                runs.incrementAndGet(chunk);
                ranges[chunk] = new long[]{from, to};
            });
            for (int c = 0; c < chunks; c++) {
                assertEquals(1, runs.get(c), "chunk " + c + " of " + n + " items");
                // fixed by the sizes alone, so per-chunk sums added in chunk order are the same every run
                assertArrayEquals(new long[]{n * c / chunks, n * (c + 1) / chunks}, ranges[c], "chunk " + c);
            }
        }
    }

    @Test
    void aFailingRangeFailsTheCallWithTheKernelsName() {
        RuntimeException boom = new RuntimeException("boom");
        // the first chunk is taken by the caller, the last usually by a kernel thread when there is one
        for (long failing : new long[]{0, 99}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Workers.forEachRange(100, "test kernel", (from, to) -> {
                        if (from <= failing && failing < to) {
                            throw boom;
                        }
                    }));
            assertSame(boom, e.getCause());
            assertTrue(e.getMessage().contains("test kernel"), e.getMessage());
        }
        // and the team still works afterwards
        everyItemRunsExactlyOnce();
    }

    @Test
    void concurrentCallersAndIdleGapsAreSafe() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                sums.add(callers.submit(() -> {
                    long total = 0;
                    for (int round = 0; round < 200; round++) {
                        long[] partial = new long[1];
                        Workers.forEachRange(64, "test", (from, to) -> {
                            long s = 0;
                            for (long i = from; i < to; i++) {
                                s += i;
                            }
                            synchronized (partial) {
                                partial[0] += s;
                            }
                        });
                        total += partial[0];
                        if (round % 50 == 0) {
                            Thread.sleep(5);   // long enough for the kernel threads to park
                        }
                    }
                    return total;
                }));
            }
            for (Future<Long> f : sums) {
                assertEquals(200L * (63 * 64 / 2), f.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
