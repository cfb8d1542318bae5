package org.tubelet.spark.collective;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * All-reduce time and bandwidth between ranks in this JVM on loopback (a benchmark, not a test):
 * {@code java -cp tubelet-spark.jar org.tubelet.spark.collective.RingBench [ranks] [millions of floats...]}.
 * Prints, per size, the median of 5 all-reduces after 2 warm-ups and the bus bandwidth
 * {@code 2(N−1)/N · 4P / time} (each rank's bytes sent).
 */
public final class RingBench {
    private RingBench() {
    }

    public static void main(String[] args) throws Exception {
        int ranks = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add((int) Math.round(Double.parseDouble(args[i]) * 1e6));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(22_000_000, 87_000_000);
        }
        for (int length : sizes) {
            double[] seconds = run(ranks, length, 2, 5);
            java.util.Arrays.sort(seconds);
            double median = seconds[seconds.length / 2];
            double bytes = 2.0 * (ranks - 1) / ranks * 4.0 * length;
            System.out.printf(Locale.ROOT, "ranks %d, %,d floats (%.0f MB): all-reduce %.3f s (median of %d), "
                    + "bus bandwidth %.2f GB/s = %.1f Gbit/s%n", ranks, length, length * 4 / 1e6, median,
                    seconds.length, bytes / median / 1e9, bytes * 8 / median / 1e9);
        }
    }

    /** Seconds of each timed all-reduce, as rank 0 saw them. */
    static double[] run(int ranks, int length, int warmups, int timed) throws Exception {
        List<ServerSocketChannel> servers = new ArrayList<>();
        List<InetSocketAddress> peers = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            ServerSocketChannel s = Ports.bind("127.0.0.1", 0, 0);
            servers.add(s);
            peers.add((InetSocketAddress) s.getLocalAddress());
        }
        ExecutorService pool = Executors.newFixedThreadPool(ranks);
        try {
            List<Future<double[]>> all = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                all.add(pool.submit(() -> {
                    float[] v = new float[length];
                    java.util.Arrays.fill(v, rank + 1);
                    double[] t = new double[timed];
                    try (RingAllReduce ring = RingAllReduce.join(rank, peers, servers.get(rank),
                            Duration.ofSeconds(120))) {
                        for (int i = 0; i < warmups + timed; i++) {
                            ring.barrier();
                            long t0 = System.nanoTime();
                            ring.sum(v);
                            if (i >= warmups) {
                                t[i - warmups] = (System.nanoTime() - t0) / 1e9;
                            }
                        }
                    }
                    return t;
                }));
            }
            double[] first = all.get(0).get();
            for (Future<double[]> f : all) {
                f.get();
            }
            return first;
        } finally {
            pool.shutdownNow();
        }
    }
}
