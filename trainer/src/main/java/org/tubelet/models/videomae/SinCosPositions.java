package org.tubelet.models.videomae;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VideoMAE's fixed sinusoid position table (not a parameter): {@code angle(pos, j) = pos / 10000^(2·floor(j/2)/d)},
 * sin on even j, cos on odd j; computed in double and cast to float, as HF does with NumPy.
 */
public final class SinCosPositions {
    private SinCosPositions() {
    }

    /** @return [positions, d] */
    public static INDArray table(int positions, int d) {
        float[] t = new float[positions * d];
        for (int pos = 0; pos < positions; pos++) {
            for (int j = 0; j < d; j++) {
                double angle = pos / Math.pow(10000.0, 2.0 * (j / 2) / d);
                t[pos * d + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Nd4j.create(t, new long[]{positions, d}, DataType.FLOAT);
    }
}
