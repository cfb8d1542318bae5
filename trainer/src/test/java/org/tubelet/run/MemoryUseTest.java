package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MemoryUseTest {
    /**
     * The memory once the arrays earlier tests dropped are freed (ND4J frees them on its own threads after a
     * collection finds them), so that they are not freed between the test's two readings.
     */
    private static MemoryUse settled() throws Exception {
        MemoryUse last = MemoryUse.now();
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(200);
            MemoryUse now = MemoryUse.now();
            if (Math.abs(now.nativeArraysMb() - last.nativeArraysMb()) <= 2) {
                return now;
            }
            last = now;
        }
        return last;
    }

    @Test
    void countsAnNd4jArrayAsNativeMemoryAndSplitsTheResidentSize() throws Exception {
        MemoryUse before = settled();
        INDArray big = Nd4j.ones(DataType.FLOAT, 64L << 20);             // 256 MB, every page written
        MemoryUse after = MemoryUse.now();
        long grew = after.nativeArraysMb() - before.nativeArraysMb();
        // a margin for what the JIT compilers and the JVM allocate or free meanwhile
        assertTrue(grew >= 224 && grew <= 320, "256 MB array: native arrays grew by " + grew + " MB: "
                + before.describe() + " -> " + after.describe());
        assertTrue(after.peakRssMb() >= after.rssMb() && after.heapCommittedMb() >= after.heapUsedMb()
                && after.nonHeapCommittedMb() > 0, after.describe());
        assertTrue(after.otherMb() == after.rssMb() - after.heapCommittedMb() - after.nonHeapCommittedMb()
                - after.nativeArraysMb(), after.describe());
        assertTrue(big.getFloat(big.length() - 1) == 1f);               // keeps the array alive until here
    }
}
