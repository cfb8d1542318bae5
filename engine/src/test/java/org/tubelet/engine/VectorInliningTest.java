package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorInlining}: the JVM takes the directive, and once compiled the kernels' loops keep their vectors out of
 * the heap, called from one large method (as the attention and GELU kernels' lambdas call them). Their effect in a
 * whole training process is measured in BENCHMARKS.md (JFR); this small method reproduces neither the recompilation
 * that made one {@code tanh} over 197 floats allocate 4.5 KB per call there, nor the softmax loop's running sum put
 * on the heap every iteration, but it does catch the one vector per row the lane sum used to cost.
 */
class VectorInliningTest {
    private static final int N = 197;
    private static final int CALLS = 200;

    @Test
    void theJvmTakesTheDirective() {
        assertTrue(VectorKernels.INLINING, VectorInlining.directive());
    }

    /** The directive names methods by JVM descriptor: a renamed or changed method would silently fall out of it. */
    @Test
    void theDirectiveNamesMethodsThatExist() {
        Set<String> declared = Arrays.stream(VectorKernels.class.getDeclaredMethods())
                .map(m -> m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                        .toMethodDescriptorString())
                .collect(Collectors.toSet());
        for (String m : VectorInlining.LOOPS) {
            assertTrue(declared.contains(m), m + " not in " + declared);
        }
        for (String m : VectorInlining.FUNCTIONS) {
            assertTrue(declared.contains(m), m + " not in " + declared);
        }
    }

    @Test
    void compiledLoopsAllocateNoVectors() {
        float[] x = new float[N * N];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        float[] y = new float[x.length];
        // bytes per call, the least over rounds: a round's calls run in C2's code once it is installed
        long[] least = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long end = System.nanoTime() + 20_000_000_000L;                      // C2 may take seconds to compile them
        while (!allocateNoVectors(least) && System.nanoTime() < end) {
            for (int kernel = 0; kernel < least.length; kernel++) {
                long before = allocated();
                for (int c = 0; c < CALLS; c++) {
                    switch (kernel) {
                        case 0 -> VectorKernels.exp(x, y, N);
                        case 1 -> VectorKernels.tanh(x, y, N);
                        case 2 -> {
                            System.arraycopy(x, 0, y, 0, N * 4);
                            VectorKernels.softmaxRows(y, 4, N);
                        }
                        default -> y[c] = (float) VectorKernels.dot(x, x, N);
                    }
                }
                least[kernel] = Math.min(least[kernel], (allocated() - before) / CALLS);
            }
        }
        assertTrue(allocateNoVectors(least),
                "bytes per call (exp, tanh, softmax of 4 rows, dot): " + Arrays.toString(least));
    }

    /**
     * Under one heap vector per call (96 bytes for 16 floats; a few bytes per call are the measurement's own); softmax
     * allocates one float array of a vector's length per call for its lane sums, and nothing per row (it used to
     * allocate a vector per row: the lane sum was a call taking the vector).
     */
    private static boolean allocateNoVectors(long[] bytesPerCall) {
        int measuring = 32;
        int lanesArray = 16 + VectorKernels.preferredBits() / 8;
        return bytesPerCall[0] < measuring && bytesPerCall[1] < measuring
                && bytesPerCall[2] < lanesArray + measuring && bytesPerCall[3] < measuring;
    }

    private static long allocated() {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        return mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
