package org.tubelet.models.timesformer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's {@code interpolate(mode="nearest")} as a constant selection matrix, so a resized embedding table is one
 * matrix product whose gradient flows back to the stored table: {@code src = min(floor(dst·in/out), in-1)}.
 */
final class NearestResize {
    private NearestResize() {
    }

    /** [outLen, inLen] selection for a 1-D resize. */
    static INDArray matrix1d(int inLen, int outLen) {
        float[] m = new float[outLen * inLen];
        for (int o = 0; o < outLen; o++) {
            m[o * inLen + source(o, inLen, outLen)] = 1f;
        }
        return Nd4j.create(m, new long[]{outLen, inLen}, DataType.FLOAT);
    }

    /** [outH·outW, inH·inW] selection for a 2-D resize of a row-major grid. */
    static INDArray matrix2d(int inH, int inW, int outH, int outW) {
        int in = inH * inW;
        float[] m = new float[outH * outW * in];
        for (int y = 0; y < outH; y++) {
            int sy = source(y, inH, outH);
            for (int x = 0; x < outW; x++) {
                int sx = source(x, inW, outW);
                m[(y * outW + x) * in + sy * inW + sx] = 1f;
            }
        }
        return Nd4j.create(m, new long[]{(long) outH * outW, in}, DataType.FLOAT);
    }

    static int source(int dst, int inLen, int outLen) {
        double scale = (double) inLen / outLen;
        return Math.min((int) Math.floor(dst * scale), inLen - 1);
    }
}
