package org.tubelet.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A program started as the CLI's {@code main} starts (re-executing itself with the native settings when they are
 * missing), for {@link MallocProcessTest}: prints the allocator it runs and how much more {@link NativeHeap#stats()}
 * counts in use while it holds a 256 MB ND4J array.
 */
public final class MallocProbe {
    private static final long MB = 1 << 20;
    static final long ARRAY_MB = 256;

    private MallocProbe() {
    }

    public static void main(String[] args) {
        try {
            NativeEnvironment.relaunchIfNeeded(args).ifPresent(System::exit);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.out.println("error=" + e.getMessage());
            System.exit(2);
        }
        Engine.install();
        Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2));
        long before = NativeHeap.stats().map(NativeHeap.Stats::inUse).orElse(-1L);
        INDArray held = Nd4j.create(DataType.FLOAT, ARRAY_MB * MB / Float.BYTES).assign(1);
        long after = NativeHeap.stats().map(NativeHeap.Stats::inUse).orElse(-1L);
        System.out.println("malloc=" + Malloc.describeRunning() + " growth_mb="
                + (before < 0 || after < 0 ? "none" : Long.toString((after - before) / MB))
                + " last=" + held.getFloat(held.length() - 1));
    }
}
