package org.tubelet.spark.collective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The ring all-reduce between threads on loopback, checked against sums computed here. */
class RingAllReduceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Each rank's vector: rank r, element i. */
    private static float[] vector(int rank, int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + rank);
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }

    @FunctionalInterface
    private interface RankJob<T> {
        T run(RingAllReduce ring, int rank) throws Exception;
    }

    /** Runs {@code job} on {@code n} ranks, one thread each, and returns their results by rank. */
    private static <T> List<T> onRanks(int n, RankJob<T> job) throws Exception {
        List<ServerSocketChannel> servers = new ArrayList<>();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ServerSocketChannel s = Ports.bind("127.0.0.1", 0, 0);
            servers.add(s);
            peers.add((InetSocketAddress) s.getLocalAddress());
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (RingAllReduce ring = RingAllReduce.join(rank, peers, servers.get(rank), TIMEOUT)) {
                        return job.run(ring, rank);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sumsOverThreeRanksWhenTheLengthIsNotDivisibleAndAcrossManyFrames() throws Exception {
        int n = 3;
        // 2^20 + 7 floats: chunks of 349,527 or 349,528 floats, two frames each
        for (int length : new int[]{10, 2, (1 << 20) + 7}) {
            List<float[]> out = onRanks(n, (ring, rank) -> {
                float[] v = vector(rank, length, length);
                ring.sum(v);
                return v;
            });
            float[][] inputs = new float[n][];
            for (int r = 0; r < n; r++) {
                inputs[r] = vector(r, length, length);
            }
            for (int i = 0; i < length; i++) {
                double expected = 0;
                for (int r = 0; r < n; r++) {
                    expected += inputs[r][i];
                }
                assertEquals(expected, out.get(0)[i], 1e-6, "element " + i + " of " + length);
            }
            assertArrayEquals(out.get(0), out.get(1), "ranks 0 and 1 hold identical bits");
            assertArrayEquals(out.get(0), out.get(2), "ranks 0 and 2 hold identical bits");
        }
    }

    @Test
    void twoRanksComputeExactlyTheFloatSumOfTheirVectors() throws Exception {
        int length = 1001;
        List<float[]> out = onRanks(2, (ring, rank) -> {
            float[] v = vector(rank, length, 7);
            ring.sum(v);
            ring.sum(v);                                   // a second call on the same connections
            return v;
        });
        float[] a = vector(0, length, 7);
        float[] b = vector(1, length, 7);
        for (int i = 0; i < length; i++) {
            float once = a[i] + b[i];
            float twice = once + once;
            assertEquals(Float.floatToIntBits(twice), Float.floatToIntBits(out.get(0)[i]), "element " + i);
            assertEquals(Float.floatToIntBits(twice), Float.floatToIntBits(out.get(1)[i]), "element " + i);
        }
    }

    @Test
    void oneRankLeavesTheVectorAsItIs() throws Exception {
        float[] v = vector(0, 5, 1);
        float[] before = v.clone();
        try (RingAllReduce ring = RingAllReduce.join(0, List.of(new InetSocketAddress("127.0.0.1", 1)), null,
                TIMEOUT)) {
            ring.sum(v);
            assertArrayEquals(before, v);
            assertArrayEquals(new byte[]{4, 2}, ring.allGather(new byte[]{4, 2})[0]);
        }
    }

    @Test
    void allGatherReturnsEveryRanksBytesInRankOrder() throws Exception {
        List<byte[][]> out = onRanks(4, (ring, rank) -> {
            ring.barrier();
            return ring.allGather(new byte[]{(byte) rank, (byte) (10 * rank), 7});
        });
        for (byte[][] all : out) {
            for (int r = 0; r < 4; r++) {
                assertArrayEquals(new byte[]{(byte) r, (byte) (10 * r), 7}, all[r]);
            }
        }
    }

    @Test
    void aPeerThatNeverConnectsIsNamedInATimeout() throws Exception {
        try (ServerSocketChannel mine = Ports.bind("127.0.0.1", 0, 0);
             ServerSocketChannel silent = Ports.bind("127.0.0.1", 0, 0)) {   // listens, never takes part
            InetSocketAddress other = (InetSocketAddress) silent.getLocalAddress();
            List<InetSocketAddress> peers = List.of((InetSocketAddress) mine.getLocalAddress(), other);
            long t0 = System.nanoTime();
            CollectiveException e = assertThrows(CollectiveException.class,
                    () -> RingAllReduce.join(0, peers, mine, Duration.ofMillis(700)));
            assertTrue(e.getMessage().contains("rank 1 (127.0.0.1:" + other.getPort() + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("did not connect"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "gave up in bounded time");
        }
    }

    @Test
    void aCorruptedFrameIsDetected() throws Exception {
        try (ServerSocketChannel mine = Ports.bind("127.0.0.1", 0, 0);
             ServerSocketChannel fake = Ports.bind("127.0.0.1", 0, 0)) {
            List<InetSocketAddress> peers = List.of((InetSocketAddress) mine.getLocalAddress(),
                    (InetSocketAddress) fake.getLocalAddress());
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                // The fake rank 1 speaks the documented wire format, then flips one payload bit after the checksum.
                Future<?> peer = pool.submit(() -> {
                    try (SocketChannel toRank0 = SocketChannel.open(peers.get(0));
                         SocketChannel fromRank0 = fake.accept()) {
                        toRank0.write(frame(0, hello(1, 2), false));
                        ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                                .putFloat(1.5f).putFloat(-2f).flip();
                        toRank0.write(frame(1, payload, true));
                        ByteBuffer drain = ByteBuffer.allocate(4096);
                        while (fromRank0.read(drain.clear()) > 0) {
                            // rank 0 sends its frames; they are not needed here
                        }
                    }
                    return null;
                });
                CollectiveException e = assertThrows(CollectiveException.class, () -> {
                    try (RingAllReduce ring = RingAllReduce.join(0, peers, mine, TIMEOUT)) {
                        ring.sum(new float[]{1, 2, 3, 4});
                    }
                });
                assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("CRC32C")
                        && e.getMessage().contains("rank 1"), e.getMessage());
                peer.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static ByteBuffer hello(int rank, int ranks) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0x54424C54).putInt(1).putInt(rank)
                .putInt(ranks).flip();
    }

    /** magic, sequence (long), length, CRC32C of the payload, payload: little-endian. */
    private static ByteBuffer frame(long seq, ByteBuffer payload, boolean corruptAfterChecksum) {
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer f = ByteBuffer.allocate(20 + payload.remaining()).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x54424C54).putLong(seq).putInt(payload.remaining()).putInt((int) crc.getValue())
                .put(payload.duplicate());
        if (corruptAfterChecksum) {
            f.put(21, (byte) (f.get(21) ^ 0x10));
        }
        return f.flip();
    }
}
