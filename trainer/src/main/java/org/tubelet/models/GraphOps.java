package org.tubelet.models;

import org.nd4j.linalg.api.buffer.DataType;
import org.tubelet.engine.Kernels;

/** Which ops a model graph may contain, and in which precision: it decides where the graph can run. */
public enum GraphOps {
    /**
     * Fused nodes that Tubelet's kernels compute (e.g. a layer norm with its epsilon as one op) where the kernels are
     * on ({@link Kernels#enabled()}), stock ops elsewhere. For graphs run by Tubelet: training, evaluation, inference.
     */
    KERNELS,
    /** Stock SameDiff ops only, so the graph runs in any SameDiff: exported {@code model.sdz} files. */
    STOCK,
    /**
     * Stock ops in double precision: parameters, inputs, constants and every op's output are float64, so every sum
     * and mean accumulates in double. The precision reference that the float32 graphs are checked against at real
     * input sizes (a float32 graph cannot be converted afterwards: its scalar and one-hot ops hold float32 values).
     */
    FLOAT64;

    /** Whether blocks build kernel-computed nodes in this JVM. */
    public boolean fused() {
        return this == KERNELS && Kernels.enabled();
    }

    /** The data type of the graph's parameters, floating-point inputs and constants. */
    public DataType dataType() {
        return this == FLOAT64 ? DataType.DOUBLE : DataType.FLOAT;
    }
}
