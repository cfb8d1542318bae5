package org.tubelet.models;

import org.tubelet.engine.Kernels;

/** Which ops a model graph may contain: it decides where the graph can run. */
public enum GraphOps {
    /**
     * Fused nodes that Tubelet's kernels compute (e.g. a layer norm with its epsilon as one op) where the kernels are
     * on ({@link Kernels#enabled()}), stock ops elsewhere. For graphs run by Tubelet: training, evaluation, inference.
     */
    KERNELS,
    /** Stock SameDiff ops only, so the graph runs in any SameDiff: exported {@code model.sdz} files. */
    STOCK;

    /** Whether blocks build kernel-computed nodes in this JVM. */
    public boolean fused() {
        return this == KERNELS && Kernels.enabled();
    }
}
