package org.tubelet.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.NativeHeap;

/**
 * Where this process's resident memory is at one moment, in MB: the Java heap (committed, and in use), the JVM's
 * other committed memory (metaspace, code cache), the native memory the C allocator has handed out (ND4J's
 * arrays: weights, optimiser state, activations, gradients, the sessions' cached arrays) and the rest (native
 * libraries' code and data, OpenBLAS's buffers, thread stacks, the JVM's own structures, the GC's). The parts are
 * committed or allocated sizes, which can exceed what is resident, so "other" is an estimate and can be negative.
 * ND4J's CPU backend allocates with malloc and tracks nothing (JavaCPP's and ND4J's counters stay 0), so the arrays
 * are counted as what the C allocator has handed out.
 *
 * @param rssMb              resident set size now (VmRSS)
 * @param peakRssMb          peak resident set size so far (VmHWM)
 * @param heapCommittedMb    Java heap committed
 * @param heapUsedMb         Java heap in use (live objects and garbage not yet collected)
 * @param nonHeapCommittedMb the JVM's non-heap pools committed (metaspace, compressed class space, code cache)
 * @param nativeArraysMb     bytes the C allocator has handed out and not got back ({@link NativeHeap#stats()}): ND4J's
 *                           arrays, and the JVM's own native allocations (-1 where unknown)
 * @param mallocFreeMb       bytes freed but kept by the C allocator (glibc: in its arenas; tcmalloc and jemalloc:
 *                           free pages still mapped): resident, counted in "other" (-1 where unknown)
 * @param malloc             the C allocator the process runs ({@link Malloc#describeRunning()})
 */
public record MemoryUse(long rssMb, long peakRssMb, long heapCommittedMb, long heapUsedMb, long nonHeapCommittedMb,
                        long nativeArraysMb, long mallocFreeMb, String malloc) {
    private static final long MB = 1 << 20;

    /** The process's memory now; the /proc figures are -1 where /proc is missing. */
    public static MemoryUse now() throws IOException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        Optional<NativeHeap.Stats> malloc = NativeHeap.stats();
        long inUse = malloc.map(NativeHeap.Stats::inUseMb).orElse(-1L);
        long kept = malloc.map(NativeHeap.Stats::keptMb).orElse(-1L);
        long rss = NativeHeap.residentBytes();
        return new MemoryUse(rss < 0 ? -1 : rss / MB, procStatusMb("VmHWM:"),
                mem.getHeapMemoryUsage().getCommitted() / MB, mem.getHeapMemoryUsage().getUsed() / MB,
                mem.getNonHeapMemoryUsage().getCommitted() / MB, inUse, kept, Malloc.describeRunning());
    }

    /**
     * Resident memory not in the parts above: what malloc keeps after frees ({@link #mallocFreeMb}), native libraries,
     * OpenBLAS's buffers, thread stacks.
     */
    public long otherMb() {
        return rssMb - heapCommittedMb - nonHeapCommittedMb - nativeArraysMb;
    }

    /** One line: "RSS 1330 MB = Java heap 336 (47 in use) + JVM non-heap 60 + native arrays (glibc) 577 + ...". */
    public String describe() {
        return String.format(Locale.ROOT, "RSS %d MB = Java heap %d (%d in use) + JVM non-heap %d + native arrays "
                + "(%s) %d + other %d (of which freed and kept by %s %d; libraries, OpenBLAS buffers, stacks); "
                + "peak RSS %d MB", rssMb, heapCommittedMb, heapUsedMb, nonHeapCommittedMb, malloc, nativeArraysMb,
                otherMb(), malloc, mallocFreeMb, peakRssMb);
    }

    /** The fields for a JSON object, in MB. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rss_mb", rssMb);
        m.put("heap_committed_mb", heapCommittedMb);
        m.put("heap_used_mb", heapUsedMb);
        m.put("non_heap_committed_mb", nonHeapCommittedMb);
        m.put("native_arrays_mb", nativeArraysMb);
        m.put("other_mb", otherMb());
        m.put("malloc_free_mb", mallocFreeMb);
        m.put("malloc", malloc);
        return m;
    }

    /** Peak resident set size of this process (VmHWM), in MB; -1 where /proc is missing. */
    public static long processPeakRssMb() throws IOException {
        return procStatusMb("VmHWM:");
    }

    private static long procStatusMb(String key) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
