package org.tubelet.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.spark.collective.RingAllReduce;
import org.tubelet.train.loop.GradientReducer;
import org.tubelet.train.optim.Param;

/**
 * The replicas of a data-parallel run joined by a {@link RingAllReduce}: each step's gradients are copied into one
 * flat float vector (parameter order), summed over the ring, and copied back; the per-rank totals and the stop
 * decision travel by all-gather; every {@code checkEvery} steps the ranks compare a CRC32C of their weights.
 */
public final class RingReplicas implements GradientReducer {
    private static final Logger LOG = LogManager.getLogger(RingReplicas.class);

    private final RingAllReduce ring;
    private final int checkEvery;
    private float[] flat;
    private long reductions;
    private long reduceNanos;

    /**
     * @param ring the joined ring
     * @param checkEvery compare weight checksums every N steps (0 = never)
     */
    public RingReplicas(RingAllReduce ring, int checkEvery) {
        this.ring = ring;
        this.checkEvery = checkEvery;
    }

    @Override
    public int ranks() {
        return ring.ranks();
    }

    @Override
    public int rank() {
        return ring.rank();
    }

    @Override
    public void sum(List<INDArray> gradients, double[] totals) throws IOException {
        long t0 = System.nanoTime();
        long length = 0;
        for (INDArray g : gradients) {
            length += g.length();
        }
        if (flat == null || flat.length != length) {
            flat = new float[Math.toIntExact(length)];              // once: the gradients' size does not change
        }
        int at = 0;
        for (INDArray g : gradients) {
            int n = (int) g.length();
            floats(g).get(flat, at, n);
            at += n;
        }
        ring.sum(flat);
        at = 0;
        for (INDArray g : gradients) {
            int n = (int) g.length();
            FloatBuffer target = floats(g);
            if (target.isReadOnly() || target.capacity() != n || !contiguous(g)) {
                float[] part = java.util.Arrays.copyOfRange(flat, at, at + n);
                g.assign(org.nd4j.linalg.factory.Nd4j.create(part, g.shape(), 'c'));
            } else {
                target.put(flat, at, n);
            }
            at += n;
        }
        sumTotals(totals);
        reductions++;
        reduceNanos += System.nanoTime() - t0;
    }

    private void sumTotals(double[] totals) throws IOException {
        ByteBuffer mine = ByteBuffer.allocate(totals.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double t : totals) {
            mine.putDouble(t);
        }
        byte[][] all = ring.allGather(mine.array());
        java.util.Arrays.fill(totals, 0);
        for (byte[] b : all) {                                      // rank order: the same bits on every rank
            ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < totals.length; i++) {
                totals[i] += in.getDouble();
            }
        }
    }

    @Override
    public String agreeOnStop(String mine) throws IOException {
        byte[][] all = ring.allGather(mine == null ? new byte[0] : mine.getBytes(StandardCharsets.UTF_8));
        return all[0].length == 0 ? null : new String(all[0], StandardCharsets.UTF_8);
    }

    @Override
    public void afterUpdate(long step, List<Param> params) throws IOException {
        if (checkEvery <= 0 || step % checkEvery != 0) {
            return;
        }
        long mine = checksum(params);
        byte[][] all = ring.allGather(ByteBuffer.allocate(8).putLong(mine).array());
        long first = ByteBuffer.wrap(all[0]).getLong();
        for (int r = 1; r < all.length; r++) {
            if (ByteBuffer.wrap(all[r]).getLong() != first) {
                StringBuilder sums = new StringBuilder();
                for (int k = 0; k < all.length; k++) {
                    sums.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "rank %d: %08x", k,
                            ByteBuffer.wrap(all[k]).getLong()));
                }
                throw new ReplicasDiverged("after step " + step + " the replicas' weights differ (CRC32C " + sums
                        + "): rank " + r + " no longer trains the same model as rank 0. Every rank must run the same "
                        + "build, recipe and native library; restart from the last checkpoint");
            }
        }
        LOG.debug("step {}: the {} replicas' weights agree (CRC32C {})", step, all.length, Long.toHexString(mine));
    }

    /** CRC32C of every parameter's float bytes, in parameter order. */
    static long checksum(List<Param> params) {
        CRC32C crc = new CRC32C();
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        float[] chunk = new float[bytes.capacity() / Float.BYTES];
        for (Param p : params) {
            FloatBuffer f = floats(p.value());
            while (f.hasRemaining()) {
                int n = Math.min(chunk.length, f.remaining());
                f.get(chunk, 0, n);
                bytes.clear();
                bytes.asFloatBuffer().put(chunk, 0, n);
                bytes.limit(n * Float.BYTES);
                crc.update(bytes);
            }
        }
        return crc.getValue();
    }

    /** Time spent summing gradients so far (flatten, ring, copy back), for the run's log. */
    public String summary() {
        return String.format(Locale.ROOT, "%d all-reduces of %,d floats, %.1f ms each on average", reductions,
                flat == null ? 0 : flat.length, reductions == 0 ? 0 : reduceNanos / 1e6 / reductions);
    }

    /** The array's elements in logical (c) order: a view of its memory when it is plain, else of a copy. */
    private static FloatBuffer floats(INDArray a) {
        INDArray plain = contiguous(a) ? a : a.dup('c');
        FloatBuffer f = plain.data().asNioFloat();
        f.position(0).limit((int) plain.length());
        return f.slice();
    }

    private static boolean contiguous(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && a.data().offset() == 0 && a.data().length() == a.length()
                && a.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT;
    }

    /** The replicas' weights differ: something other than the data differs between them. */
    public static final class ReplicasDiverged extends IOException {
        ReplicasDiverged(String message) {
            super(message);
        }
    }
}
