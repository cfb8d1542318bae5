package org.tubelet.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The C allocator's heap, where ND4J's CPU backend keeps every array (it allocates with malloc): how much is in use and
 * how much is freed but kept, and giving kept pages back to the system, for whichever allocator runs
 * ({@link Malloc}: glibc's, or tcmalloc or jemalloc preloaded).
 *
 * <p>Why: a training step frees and allocates arrays of many sizes, and glibc's malloc keeps the freed memory in its
 * arenas, scattered between arrays still in use, where it cannot shrink. On bench-s VideoMAE pretraining the arrays
 * in use peak at about 660 MB during a step, but the memory kept after frees grew by 20-40 MB a step to about 550 MB,
 * resident and counted in the process's RSS (BENCHMARKS.md). The launcher therefore preloads tcmalloc where it is
 * installed ({@link Malloc}). Under glibc, {@code malloc_trim(0)} returns the whole free pages inside the arenas to the
 * system; the next allocation there faults them in again. {@link Trimmer} trims whenever the resident size has grown
 * by {@link Trimmer#DEFAULT_GROWTH_MB} since the last trim, which bounds the waste at a cost of one trim (10-60 ms)
 * every few steps and of faulting the returned pages in again. It is off unless {@code -Dtubelet.malloc.trim=true}:
 * the memory it returns is the memory the next steps use again, so it trades step time for resident size
 * (BENCHMARKS.md). Everything here is a no-op under an allocator it does not know (musl, other systems).
 */
public final class NativeHeap {
    private static final long MB = 1 << 20;
    /** System property: {@code true} turns {@link Trimmer} on (it is off by default). */
    public static final String TRIM_PROPERTY = "tubelet.malloc.trim";

    private NativeHeap() {
    }

    /**
     * What malloc holds, in bytes.
     *
     * @param inUse handed out and not freed (small blocks plus blocks mapped on their own: ND4J's arrays and the
     *              JVM's own native allocations)
     * @param kept  freed and kept in the arenas for later allocations (resident until trimmed)
     */
    public record Stats(long inUse, long kept) {
        public long inUseMb() {
            return inUse / MB;
        }

        public long keptMb() {
            return kept / MB;
        }
    }

    /**
     * What the allocator this process runs ({@link Malloc#running()}) holds: glibc's {@code mallinfo2}, tcmalloc's
     * and jemalloc's statistics; empty for another allocator or glibc before 2.33.
     */
    public static Optional<Stats> stats() {
        Optional<Malloc.Implementation> running = Malloc.running();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        try {
            return switch (running.get()) {
                case GLIBC -> {
                    MallInfo2 m = (MallInfo2) Function.getFunction("c", "mallinfo2")
                            .invoke(MallInfo2.class, new Object[0]);
                    yield Optional.of(new Stats(m.uordblks + m.hblkhd, m.fordblks));
                }
                case TCMALLOC -> {
                    long allocated = tcmallocProperty("generic.current_allocated_bytes");
                    long mapped = tcmallocProperty("generic.heap_size")
                            - tcmallocProperty("tcmalloc.pageheap_unmapped_bytes");
                    yield Optional.of(new Stats(allocated, Math.max(0, mapped - allocated)));
                }
                case JEMALLOC -> {
                    jemallocControl("epoch", null, new LongByReference(1));    // refreshes the statistics
                    long allocated = jemallocStatistic("stats.allocated");
                    long resident = jemallocStatistic("stats.resident");
                    yield Optional.of(new Stats(allocated, Math.max(0, resident - allocated)));
                }
            };
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Gives the allocator's free pages back to the system: glibc's {@code malloc_trim(0)}, tcmalloc's
     * {@code MallocExtension_ReleaseFreeMemory()}, jemalloc's purge of every arena.
     *
     * @return false when nothing was released (glibc says so) or the allocator is none of these
     */
    public static boolean trim() {
        Optional<Malloc.Implementation> running = Malloc.running();
        if (running.isEmpty()) {
            return false;
        }
        try {
            return switch (running.get()) {
                case GLIBC -> Function.getFunction("c", "malloc_trim").invokeInt(new Object[]{0L}) != 0;
                case TCMALLOC -> {
                    processFunction("MallocExtension_ReleaseFreeMemory").invokeVoid(new Object[0]);
                    yield true;
                }
                case JEMALLOC -> jemallocControl("arena." + JEMALLOC_ALL_ARENAS + ".purge", null, null) == 0;
            };
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /** jemalloc's {@code MALLCTL_ARENAS_ALL}: "arena.<i>.purge" with it purges every arena. */
    private static final int JEMALLOC_ALL_ARENAS = 4096;

    private static Function processFunction(String name) {
        return NativeLibrary.getProcess().getFunction(name);
    }

    private static long tcmallocProperty(String name) {
        LongByReference value = new LongByReference();
        if (processFunction("MallocExtension_GetNumericProperty").invokeInt(new Object[]{name, value}) == 0) {
            throw new IllegalStateException("tcmalloc has no property " + name);
        }
        return value.getValue();
    }

    /** {@code mallctl(name, old, &oldLength, new, newLength)} with 8-byte values; returns its error code. */
    private static int jemallocControl(String name, LongByReference read, LongByReference write) {
        return processFunction("mallctl").invokeInt(new Object[]{name, read,
                read == null ? null : new LongByReference(Long.BYTES), write, write == null ? 0L : (long) Long.BYTES});
    }

    private static long jemallocStatistic(String name) {
        LongByReference value = new LongByReference();
        if (jemallocControl(name, value, null) != 0) {
            throw new IllegalStateException("jemalloc has no statistic " + name);
        }
        return value.getValue();
    }

    /** Resident set size of this process in bytes (/proc/self/statm), or -1 where /proc is missing. */
    public static long residentBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** glibc's {@code struct mallinfo2} (every field a {@code size_t}); public, as JNA requires. */
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    /**
     * Trims malloc's heap after a step when the resident size has grown by at least {@code growthBytes} since the
     * last trim (or since the first step), so memory freed inside a step does not pile up as RSS. One per training
     * loop; not thread-safe.
     */
    public static final class Trimmer {
        /** Growth of the resident size that triggers a trim. */
        public static final long DEFAULT_GROWTH_MB = 128;

        private final long growthBytes;
        private final LongSupplier resident;
        private final Runnable trim;
        private long baseline = -1;
        private long trims;

        /**
         * This process's: {@link #DEFAULT_GROWTH_MB}, its RSS and {@code malloc_trim} with
         * {@code -Dtubelet.malloc.trim=true} and an allocator {@link #stats()} knows, else one that never trims.
         */
        public static Trimmer forThisProcess() {
            boolean on = "true".equalsIgnoreCase(System.getProperty(TRIM_PROPERTY, "false"))
                    && residentBytes() > 0 && stats().isPresent();
            return new Trimmer(on ? DEFAULT_GROWTH_MB * MB : Long.MAX_VALUE, NativeHeap::residentBytes,
                    NativeHeap::trim);
        }

        /**
         * @param growthBytes growth of the resident size since the last trim that triggers the next one
         *                    ({@link Long#MAX_VALUE}: never)
         * @param resident    the resident size now, in bytes
         * @param trim        gives kept memory back
         */
        public Trimmer(long growthBytes, LongSupplier resident, Runnable trim) {
            if (growthBytes <= 0) {
                throw new IllegalArgumentException("growthBytes must be positive, got " + growthBytes);
            }
            this.growthBytes = growthBytes;
            this.resident = resident;
            this.trim = trim;
        }

        /** Called after every step: trims when the resident size has grown enough; true if it trimmed. */
        public boolean afterStep() {
            if (growthBytes == Long.MAX_VALUE) {
                return false;
            }
            long now = resident.getAsLong();
            if (baseline < 0) {
                baseline = now;
                return false;
            }
            if (now - baseline < growthBytes) {
                return false;
            }
            trim.run();
            trims++;
            baseline = resident.getAsLong();
            return true;
        }

        /** How many times it has trimmed. */
        public long trims() {
            return trims;
        }
    }
}
