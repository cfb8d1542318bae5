package org.tubelet.spark.collective;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Sum of a float vector over N ranks that form a ring (rank r sends to r+1 and receives from r−1), the bandwidth-optimal
 * all-reduce: a reduce-scatter of N chunks in N−1 rounds, then an all-gather of the reduced chunks in N−1 rounds.
 * Each rank sends and receives {@code 2(N−1)/N · 4L} bytes for L floats, whatever N.
 *
 * <p>Determinism: chunk c is reduced once, always in the same order ({@code g_c}, then {@code + g_{c+1}}, ...,
 * {@code + g_{c−1}}, each rank adding its own values to the partial sum it receives), then copied unchanged to every
 * rank, so every rank ends with the same bits, and the same inputs give the same bits on every run. For two ranks the
 * sum is {@code g_0 + g_1} for every element, which is what a single process summing two micro-batches computes.
 *
 * <p>Wire format: little-endian frames of at most {@link #FRAME_BYTES} payload bytes, each with a header (magic,
 * sequence number, payload length, CRC32C of the payload); a wrong magic, sequence, length or checksum stops the
 * operation with an error naming the sending rank. Memory is bounded by one frame buffer each way, whatever L.
 * Every wait is bounded by the timeout and the error names the rank (and address) that was waited for.
 *
 * <p>Not thread-safe: one thread per rank calls the operations, in the same order on every rank.
 */
public final class RingAllReduce implements AutoCloseable {
    /** "TBLT". */
    static final int MAGIC = 0x54424C54;
    static final int VERSION = 1;
    /** Magic, sequence (long), payload length, CRC32C. */
    static final int HEADER_BYTES = 20;
    /** Payload bytes per frame (1 MiB): the bound on the buffers whatever the vector's length. */
    static final int FRAME_BYTES = 1 << 20;
    private static final int HELLO_BYTES = 16;

    private final int rank;
    private final List<InetSocketAddress> peers;
    private final Duration timeout;
    private final SocketChannel right;
    private final SocketChannel left;
    private final Selector selector;
    private final ByteBuffer out;
    private final ByteBuffer in;
    private final float[] scratch = new float[FRAME_BYTES / Float.BYTES];
    private final CRC32C crc = new CRC32C();
    private long sentFrames;
    private long receivedFrames;

    private RingAllReduce(int rank, List<InetSocketAddress> peers, Duration timeout, SocketChannel right,
                          SocketChannel left, Selector selector) {
        this.rank = rank;
        this.peers = List.copyOf(peers);
        this.timeout = timeout;
        this.right = right;
        this.left = left;
        this.selector = selector;
        this.out = ByteBuffer.allocateDirect(HEADER_BYTES + FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        this.in = ByteBuffer.allocateDirect(HEADER_BYTES + FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Joins the ring: connects to rank {@code rank+1}, accepts rank {@code rank−1} on {@code server}, and checks both
     * by a hello frame. Every rank must call this at about the same time (within the timeout).
     *
     * @param rank this rank, in [0, peers.size())
     * @param peers every rank's listening address, index = rank
     * @param server this rank's listening socket, already bound to {@code peers.get(rank)}'s port (null for 1 rank);
     *     closed by this call
     * @param timeout the longest any single wait may take
     * @throws CollectiveException when a neighbour does not connect, does not answer, or is not who it should be
     */
    public static RingAllReduce join(int rank, List<InetSocketAddress> peers, ServerSocketChannel server,
                                     Duration timeout) throws IOException {
        int n = peers.size();
        if (n > 1 && server == null) {
            throw new IllegalArgumentException("rank " + rank + " of " + n + " needs its listening socket");
        }
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " is outside [0, " + n + ")");
        }
        if (n == 1) {
            if (server != null) {
                server.close();
            }
            return new RingAllReduce(rank, peers, timeout, null, null, null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = (rank + 1) % n;
        int prev = (rank + n - 1) % n;
        SocketChannel right = null;
        SocketChannel left = null;
        Selector selector = null;
        try {
            right = connect(rank, next, peers.get(next), deadline, timeout);
            left = accept(rank, prev, peers.get(prev), server, deadline, timeout);
            right.configureBlocking(false);
            left.configureBlocking(false);
            right.socket().setTcpNoDelay(true);
            left.socket().setTcpNoDelay(true);
            selector = Selector.open();
            RingAllReduce ring = new RingAllReduce(rank, peers, timeout, right, left, selector);
            ring.hello(n);
            return ring;
        } catch (IOException | RuntimeException e) {
            closeQuietly(right);
            closeQuietly(left);
            closeQuietly(selector);
            throw e;
        } finally {
            server.close();
        }
    }

    public int rank() {
        return rank;
    }

    public int ranks() {
        return peers.size();
    }

    /**
     * Replaces {@code data} by its element-wise sum over all ranks. Every rank passes a vector of the same length;
     * afterwards every rank holds identical bits.
     */
    public void sum(float[] data) throws IOException {
        int n = ranks();
        if (n == 1) {
            return;
        }
        for (int s = 0; s < n - 1; s++) {                    // reduce-scatter: rank r ends with chunk r+1 reduced
            int send = Math.floorMod(rank - s, n);
            int receive = Math.floorMod(rank - s - 1, n);
            exchange(data, chunkStart(send, n, data.length), chunkStart(send + 1, n, data.length),
                    chunkStart(receive, n, data.length), chunkStart(receive + 1, n, data.length), true);
        }
        for (int s = 0; s < n - 1; s++) {                    // all-gather of the reduced chunks
            int send = Math.floorMod(rank + 1 - s, n);
            int receive = Math.floorMod(rank - s, n);
            exchange(data, chunkStart(send, n, data.length), chunkStart(send + 1, n, data.length),
                    chunkStart(receive, n, data.length), chunkStart(receive + 1, n, data.length), false);
        }
    }

    /**
     * Every rank's {@code mine}, index = rank (each at most {@link #FRAME_BYTES} bytes): for small agreements such as
     * weight checksums, resume steps and barriers.
     */
    public byte[][] allGather(byte[] mine) throws IOException {
        if (mine.length > FRAME_BYTES) {
            throw new IllegalArgumentException("allGather takes at most " + FRAME_BYTES + " bytes, got "
                    + mine.length);
        }
        int n = ranks();
        byte[][] all = new byte[n][];
        all[rank] = mine.clone();
        for (int s = 0; s < n - 1; s++) {
            int send = Math.floorMod(rank - s, n);
            int receive = Math.floorMod(rank - s - 1, n);
            all[receive] = exchangeBytes(all[send]);
        }
        return all;
    }

    /** Returns once every rank has called it. */
    public void barrier() throws IOException {
        allGather(new byte[0]);
    }

    /** Start of chunk {@code c} of {@code n} over {@code length} elements (chunk sizes differ by at most one). */
    static int chunkStart(int c, int n, int length) {
        return (int) ((long) c * length / n);
    }

    @Override
    public void close() {
        closeQuietly(right);
        closeQuietly(left);
        closeQuietly(selector);
    }

    /* ------------------------------------------------------------------------------------------------------------ */

    /** What one exchange sends: frames filled on demand. */
    private interface Outgoing {
        boolean hasMore();

        /** Writes the next payload into {@code payload} (positioned at 0, limit = capacity). */
        void next(ByteBuffer payload);
    }

    /** What one exchange receives: frames consumed as they arrive. */
    private interface Incoming {
        boolean hasMore();

        /** Payload length the next frame must have (−1: any up to FRAME_BYTES). */
        int expectedLength();

        void accept(ByteBuffer payload);
    }

    private void exchange(float[] data, int sendLo, int sendHi, int receiveLo, int receiveHi, boolean add)
            throws IOException {
        int frameFloats = FRAME_BYTES / Float.BYTES;
        Outgoing o = new Outgoing() {
            int at = sendLo;

            @Override
            public boolean hasMore() {
                return at < sendHi;
            }

            @Override
            public void next(ByteBuffer payload) {
                int count = Math.min(frameFloats, sendHi - at);
                payload.asFloatBuffer().put(data, at, count);
                payload.limit(count * Float.BYTES);
                at += count;
            }
        };
        Incoming i = new Incoming() {
            int at = receiveLo;

            @Override
            public boolean hasMore() {
                return at < receiveHi;
            }

            @Override
            public int expectedLength() {
                return Math.min(frameFloats, receiveHi - at) * Float.BYTES;
            }

            @Override
            public void accept(ByteBuffer payload) {
                int count = payload.remaining() / Float.BYTES;
                if (add) {
                    payload.asFloatBuffer().get(scratch, 0, count);
                    for (int k = 0; k < count; k++) {
                        data[at + k] = scratch[k] + data[at + k];   // partial sum so far, plus this rank's values
                    }
                } else {
                    payload.asFloatBuffer().get(data, at, count);
                }
                at += count;
            }
        };
        transfer(o, i);
    }

    private byte[] exchangeBytes(byte[] send) throws IOException {
        byte[][] received = new byte[1][];
        Outgoing o = new Outgoing() {
            boolean sent;

            @Override
            public boolean hasMore() {
                return !sent;
            }

            @Override
            public void next(ByteBuffer payload) {
                payload.put(send).flip();
                sent = true;
            }
        };
        Incoming i = new Incoming() {
            @Override
            public boolean hasMore() {
                return received[0] == null;
            }

            @Override
            public int expectedLength() {
                return -1;
            }

            @Override
            public void accept(ByteBuffer payload) {
                received[0] = new byte[payload.remaining()];
                payload.get(received[0]);
            }
        };
        transfer(o, i);
        return received[0];
    }

    /** Sends {@code o}'s frames to the right neighbour while receiving {@code i}'s from the left one. */
    private void transfer(Outgoing o, Incoming i) throws IOException {
        boolean writing = false;
        boolean headerDone = false;
        int payloadLength = 0;
        int payloadCrc = 0;
        in.clear().limit(HEADER_BYTES);
        long lastProgress = System.nanoTime();
        SelectionKey rk = right.register(selector, 0);
        SelectionKey lk = left.register(selector, 0);
        while (writing || o.hasMore() || i.hasMore()) {
            if (!writing && o.hasMore()) {
                fillFrame(o);
                writing = true;
            }
            rk.interestOps(writing ? SelectionKey.OP_WRITE : 0);
            lk.interestOps(i.hasMore() ? SelectionKey.OP_READ : 0);
            long waited = System.nanoTime() - lastProgress;
            if (waited > timeout.toNanos()) {
                throw stalled(writing, i.hasMore());
            }
            selector.select(Math.max(1, (timeout.toNanos() - waited) / 1_000_000));
            selector.selectedKeys().clear();
            if (Thread.interrupted()) {
                throw new InterruptedIOException("rank " + rank + ": interrupted during an all-reduce");
            }
            if (writing) {
                int wrote = right.write(out);
                if (wrote > 0) {
                    lastProgress = System.nanoTime();
                }
                if (!out.hasRemaining()) {
                    writing = false;
                }
            }
            if (i.hasMore()) {
                int read = left.read(in);
                if (read < 0) {
                    throw new CollectiveException("rank " + rank + ": " + describe(previous())
                            + " closed the connection in the middle of an all-reduce");
                }
                if (read > 0) {
                    lastProgress = System.nanoTime();
                }
                if (!in.hasRemaining() && !headerDone) {
                    in.flip();
                    int magic = in.getInt();
                    long seq = in.getLong();
                    payloadLength = in.getInt();
                    payloadCrc = in.getInt();
                    checkHeader(magic, seq, payloadLength, i.expectedLength());
                    headerDone = true;
                    in.clear().limit(payloadLength);
                }
                if (headerDone && !in.hasRemaining()) {
                    in.flip();
                    crc.reset();
                    crc.update(in.duplicate());
                    int actual = (int) crc.getValue();
                    if (actual != payloadCrc) {
                        throw new CollectiveException(String.format(Locale.ROOT, "rank %d: frame %d from %s is "
                                        + "corrupt: CRC32C of its %d bytes is %08x, the frame says %08x", rank,
                                receivedFrames, describe(previous()), payloadLength, actual, payloadCrc));
                    }
                    receivedFrames++;
                    i.accept(in);
                    headerDone = false;
                    in.clear().limit(HEADER_BYTES);
                }
            }
        }
    }

    private void fillFrame(Outgoing o) {
        out.clear();
        ByteBuffer payload = out.position(HEADER_BYTES).slice().order(ByteOrder.LITTLE_ENDIAN);
        o.next(payload);
        int length = payload.limit();
        crc.reset();
        crc.update(payload.duplicate().position(0));
        out.clear();
        out.putInt(MAGIC).putLong(sentFrames++).putInt(length).putInt((int) crc.getValue());
        out.position(0).limit(HEADER_BYTES + length);
    }

    private void checkHeader(int magic, long seq, int length, int expected) throws CollectiveException {
        String from = describe(previous());
        if (magic != MAGIC) {
            throw new CollectiveException(String.format(Locale.ROOT, "rank %d: frame %d from %s has a bad magic "
                    + "number %08x (expected %08x): corrupt stream or not a Tubelet peer", rank, receivedFrames,
                    from, magic, MAGIC));
        }
        if (seq != receivedFrames) {
            throw new CollectiveException("rank " + rank + ": frame from " + from + " has sequence number " + seq
                    + ", expected " + receivedFrames + " (a frame was lost or repeated)");
        }
        if (length < 0 || length > FRAME_BYTES || (expected >= 0 && length != expected)) {
            throw new CollectiveException("rank " + rank + ": frame " + seq + " from " + from + " carries " + length
                    + " bytes, expected " + (expected >= 0 ? expected : "at most " + FRAME_BYTES)
                    + " (the ranks disagree on the vector's length?)");
        }
    }

    private CollectiveException stalled(boolean writing, boolean reading) {
        long s = timeout.toSeconds();
        String after = s > 0 ? s + " s" : timeout.toMillis() + " ms";
        if (reading) {
            return new CollectiveException("rank " + rank + ": no data from " + describe(previous()) + " for " + after
                    + " (distributed.timeout_s); that rank is slow, stuck or gone");
        }
        return new CollectiveException("rank " + rank + ": " + describe((rank + 1) % ranks()) + " has taken nothing "
                + "for " + after + " (distributed.timeout_s); that rank is slow, stuck or gone");
    }

    private void hello(int n) throws IOException {
        ByteBuffer mine = ByteBuffer.allocate(HELLO_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC).putInt(VERSION).putInt(rank).putInt(n);
        byte[] theirs = exchangeBytes(mine.array());
        ByteBuffer h = ByteBuffer.wrap(theirs).order(ByteOrder.LITTLE_ENDIAN);
        if (theirs.length != HELLO_BYTES || h.getInt() != MAGIC || h.getInt() != VERSION) {
            throw new CollectiveException("rank " + rank + ": " + describe(previous()) + " is not a Tubelet rank of "
                    + "this version");
        }
        int theirRank = h.getInt();
        int theirRanks = h.getInt();
        if (theirRank != previous() || theirRanks != n) {
            throw new CollectiveException("rank " + rank + ": the peer that connected from "
                    + left.socket().getRemoteSocketAddress() + " says it is rank " + theirRank + " of " + theirRanks
                    + ", expected rank " + previous() + " of " + n);
        }
    }

    private int previous() {
        return Math.floorMod(rank - 1, ranks());
    }

    private String describe(int r) {
        return describe(r, peers.get(r));
    }

    private static String describe(int r, InetSocketAddress a) {
        return "rank " + r + " (" + a.getHostString() + ":" + a.getPort() + ")";
    }

    private static SocketChannel connect(int rank, int to, InetSocketAddress address, long deadline,
                                         Duration timeout) throws IOException {
        IOException last = null;
        while (System.nanoTime() < deadline) {
            SocketChannel c = SocketChannel.open();
            try {
                c.configureBlocking(true);
                c.socket().connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        (deadline - System.nanoTime()) / 1_000_000)));
                return c;
            } catch (IOException e) {
                closeQuietly(c);
                last = e;
                sleep(rank, 50);
            }
        }
        throw new CollectiveException("rank " + rank + ": could not connect to " + describe(to, address) + " within "
                + timeout.toSeconds() + " s (distributed.timeout_s)" + (last == null ? "" : ": " + last.getMessage()),
                last);
    }

    private static SocketChannel accept(int rank, int from, InetSocketAddress address, ServerSocketChannel server,
                                        long deadline, Duration timeout) throws IOException {
        server.configureBlocking(false);
        try (Selector s = Selector.open()) {
            server.register(s, SelectionKey.OP_ACCEPT);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CollectiveException("rank " + rank + ": " + describe(from, address) + " did not connect "
                            + "within " + timeout.toSeconds() + " s (distributed.timeout_s); is it running, and can it "
                            + "reach this host?");
                }
                s.select(Math.max(1, left / 1_000_000));
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("rank " + rank + ": interrupted while waiting for " + from);
                }
                SocketChannel c = server.accept();
                if (c != null) {
                    c.configureBlocking(true);
                    return c;
                }
            }
        }
    }

    private static void sleep(int rank, long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("rank " + rank + ": interrupted while connecting");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing after a failure: the first error is the one to report
            }
        }
    }
}
