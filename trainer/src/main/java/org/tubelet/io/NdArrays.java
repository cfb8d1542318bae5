package org.tubelet.io;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between host tensors (files) and ND4J arrays (graphs). */
public final class NdArrays {
    private NdArrays() {
    }

    /** Floating tensors become FLOAT arrays, integer and bool tensors INT64 / BOOL arrays. */
    public static INDArray toNd(HostTensor t) {
        long[] shape = t.shape();
        return switch (t.dtype()) {
            case I64, I32, I16, I8 -> Nd4j.createFromArray(t.toLongs()).reshape(shape);
            case BOOL -> Nd4j.createFromArray(t.toBooleans()).reshape(shape);
            default -> Nd4j.create(t.toFloats(), shape, DataType.FLOAT);
        };
    }

    /** An ND4J array as a host tensor (FLOAT → F32, INT64 → I64, BOOL → BOOL, others widened to F32). */
    public static HostTensor toHost(INDArray a) {
        long[] shape = a.shape();
        INDArray c = a.dup('c').reshape(-1); // flat, C order
        return switch (a.dataType()) {
            case LONG, INT, SHORT, BYTE -> HostTensor.ofLongs(shape, c.castTo(DataType.LONG).toLongVector());
            case BOOL -> {
                long[] v = c.castTo(DataType.LONG).toLongVector();
                boolean[] b = new boolean[v.length];
                for (int i = 0; i < v.length; i++) {
                    b[i] = v[i] != 0;
                }
                yield HostTensor.ofBooleans(shape, b);
            }
            default -> HostTensor.ofFloats(shape, c.castTo(DataType.FLOAT).toFloatVector());
        };
    }
}
