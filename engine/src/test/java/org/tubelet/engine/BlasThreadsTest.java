package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

/** {@link BlasThreads} turns the kernels' OpenBLAS to one thread and back, as OpenBLAS itself reports its count. */
class BlasThreadsTest {
    @Test
    void oneThreadInsideNestedCallsAndTheCountRestoredAfterAFailure() {
        int before = BlasThreads.openBlasThreads();
        assertEquals(Workers.THREADS, before, "the kernels' threads are OpenBLAS's");
        assertEquals(openblas_nolapack.blas_get_num_threads(), before, "as ND4J's BLAS wrapper reports them");
        assertEquals(before > 1, BlasThreads.available(), "OpenBLAS 0.3.19's thread count is reachable");
        int inside = BlasThreads.available() ? 1 : before;
        BlasThreads.singleWhile(() -> {
            assertEquals(inside, BlasThreads.openBlasThreads());
            BlasThreads.singleWhile(() -> assertEquals(inside, BlasThreads.openBlasThreads()));
            assertEquals(inside, BlasThreads.openBlasThreads(), "an inner call leaves it to the outer");
        });
        assertEquals(before, BlasThreads.openBlasThreads());
        assertThrows(IllegalStateException.class, () -> BlasThreads.singleWhile(() -> {
            throw new IllegalStateException("a kernel fails");
        }));
        assertEquals(before, BlasThreads.openBlasThreads());
    }
}
