package org.tubelet.spark;

import org.nd4j.linalg.factory.Nd4j;

/** {@code distributed.threads_per_worker}: how many native threads one replica's ops use. */
final class NativeThreads {
    private NativeThreads() {
    }

    /** Limits libnd4j's and OpenBLAS's threads in this JVM to {@code threads} (0 = leave the default). */
    static synchronized void limit(int threads) {
        if (threads <= 0) {
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
