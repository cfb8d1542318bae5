package org.tubelet.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums of float32 values that stay accurate however long the sum: float partial sums over short blocks, the blocks
 * added up in double. A float32 accumulator loses about one ulp of the running total per addition, so its error grows
 * with the number of terms: over the 3,137 keys of a ViViT attention row or the 6,274 rows of a batch of two
 * 224² × 32-frame clips the relative error reaches 1e-5 to 1e-4, the parity tolerance. Summed here, every float
 * chain is at most {@link #LANE_BLOCK} or {@link #ROW_BLOCK} terms long and the total is exact to double precision
 * beyond that, at the speed of a float loop (the conversions happen once per block: eight float chains took 114 ns
 * per 384-element row on the bench machine, where four double accumulators, a conversion per element, took 700 ns).
 */
final class Sums {
    /** Elements of one {@link #dot} block: eight float lanes of 32 terms each, then added in double. */
    static final int LANE_BLOCK = 256;
    /** Rows summed in float by a {@link Columns} accumulator before they go into its double totals. */
    static final int ROW_BLOCK = 32;

    private Sums() {
    }

    /**
     * {@code Σ a[i]·b[i]} over {@code i < n}: eight independent float chains per block of {@link #LANE_BLOCK}
     * elements (C2 keeps a float reduction scalar, so independent chains are what makes it fast), each block added in
     * double; with the Vector API ({@link VectorApi}) one vector's lanes instead of the eight chains.
     */
    static double dot(float[] a, float[] b, int n) {
        if (VectorApi.enabled()) {
            return VectorKernels.dot(a, b, n);
        }
        double total = 0;
        int i = 0;
        while (i + 7 < n) {
            int end = Math.min(n, i + LANE_BLOCK) - 7;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float s4 = 0;
            float s5 = 0;
            float s6 = 0;
            float s7 = 0;
            for (; i < end; i += 8) {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
                s4 += a[i + 4] * b[i + 4];
                s5 += a[i + 5] * b[i + 5];
                s6 += a[i + 6] * b[i + 6];
                s7 += a[i + 7] * b[i + 7];
            }
            total += ((double) s0 + s1) + ((double) s2 + s3) + ((double) s4 + s5) + ((double) s6 + s7);
        }
        for (; i < n; i++) {
            total += (double) a[i] * b[i];
        }
        return total;
    }

    /**
     * Column sums of rows of one width, accumulated as float partial sums over {@link #ROW_BLOCK} rows and double
     * totals. One per chunk of rows ({@link Workers#forEachChunk}); {@link #addTo} adds its totals to shared ones.
     */
    static final class Columns {
        private final float[] part;
        private final double[] total;
        private int rows;

        Columns(int width) {
            part = new float[width];
            total = new double[width];
        }

        /**
         * This thread's {@code chunks} accumulators of {@code width} columns, all zero, kept between calls (one set
         * per width and purpose {@code slot}): one per chunk of a kernel this thread runs, filled by whichever thread
         * runs the chunk and added up by this one afterwards.
         */
        static Columns[] perChunk(int slot, int chunks, int width) {
            Map<List<Integer>, Columns[]> mine = PER_CHUNK.get();
            List<Integer> key = List.of(slot, width);
            Columns[] all = mine.get(key);
            if (all == null || all.length < chunks) {
                all = new Columns[chunks];
                for (int c = 0; c < chunks; c++) {
                    all[c] = new Columns(width);
                }
                mine.put(key, all);
            }
            for (int c = 0; c < chunks; c++) {
                all[c].clear();
            }
            return all;
        }

        /**
         * The totals of the first {@code chunks} accumulators of {@code width} columns, added in chunk order (the same
         * bits every run); zeros for no chunks.
         */
        static double[] inChunkOrder(Columns[] parts, int chunks, int width) {
            double[] sums = new double[width];
            for (int c = 0; c < chunks; c++) {
                parts[c].addTo(sums);
            }
            return sums;
        }

        private static final ThreadLocal<Map<List<Integer>, Columns[]>> PER_CHUNK =
                ThreadLocal.withInitial(HashMap::new);

        private void clear() {
            Arrays.fill(part, 0f);
            Arrays.fill(total, 0.0);
            rows = 0;
        }

        /** Adds {@code row} to the column sums. */
        void add(float[] row) {
            float[] p = part;
            for (int j = 0; j < p.length; j++) {
                p[j] += row[j];
            }
            counted();
        }

        /** Adds the element-wise product {@code a ⊙ b} to the column sums. */
        void addProduct(float[] a, float[] b) {
            float[] p = part;
            for (int j = 0; j < p.length; j++) {
                p[j] += a[j] * b[j];
            }
            counted();
        }

        /** Adds these column sums to {@code sums}. */
        void addTo(double[] sums) {
            flush();
            for (int j = 0; j < sums.length; j++) {
                sums[j] += total[j];
            }
        }

        private void counted() {
            if (++rows == ROW_BLOCK) {
                flush();
            }
        }

        private void flush() {
            for (int j = 0; j < part.length; j++) {
                total[j] += part[j];
                part[j] = 0f;
            }
            rows = 0;
        }
    }
}
