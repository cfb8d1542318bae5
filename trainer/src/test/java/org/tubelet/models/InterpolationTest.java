package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.testing.TorchResize;

/** The interpolation of position tables against PyTorch's definition ({@link TorchResize}, written separately). */
class InterpolationTest {

    @Test
    void everyModeMatchesTheDefinitionForUpAndDownSampling() {
        for (int in = 1; in <= 16; in++) {
            for (int out = 1; out <= 16; out++) {
                assertWeights(TorchResize.nearest(in, out), Interpolation.NEAREST.taps(in, out).dense(), in, out);
                assertWeights(TorchResize.linear(in, out), Interpolation.LINEAR.taps(in, out).dense(), in, out);
                assertWeights(TorchResize.bicubic(in, out), Interpolation.CUBIC.taps(in, out).dense(), in, out);
            }
        }
    }

    @Test
    void linearOnAKnownInput() {
        // F.interpolate(torch.arange(4.).view(1, 1, 4), size=8, mode="linear"): the first and last quarter clamp
        INDArray ramp = Nd4j.createFromArray(0f, 1f, 2f, 3f).reshape(4, 1);
        INDArray out = Interpolation.LINEAR.taps(4, 8).matrix().mmul(ramp).reshape(8);
        assertArrayEquals(new float[]{0f, 0.25f, 0.75f, 1.25f, 1.75f, 2.25f, 2.75f, 3f}, out.toFloatVector(), 1e-6f);
    }

    @Test
    void sameSizeIsTheIdentityExactly() {
        for (Interpolation mode : Interpolation.values()) {
            double[][] m = mode.taps(7, 7).dense();
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 7; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, m[i][j], 0.0, mode + " " + i + "," + j);
                }
            }
        }
    }

    @Test
    void aTableIsResizedSeparablyAndKeepsItsClsRow() {
        Nd4j.getRandom().setSeed(12);
        INDArray table = Nd4j.randn(DataType.FLOAT, 1, 1 + 3 * 4 * 5, 6);
        PositionTable from = PositionTable.learned("p", 1, 3, 4, 5, Interpolation.LINEAR, Interpolation.CUBIC);
        PositionTable to = PositionTable.learned("p", 1, 5, 7, 2, Interpolation.LINEAR, Interpolation.CUBIC);
        INDArray expected = TorchResize.resize(table, 1, new int[]{3, 4, 5}, new int[]{5, 7, 2},
                TorchResize.linear(3, 5), TorchResize.bicubic(4, 7), TorchResize.bicubic(5, 2));
        INDArray actual = from.resizeTo(to, table);
        assertArrayEquals(new long[]{1, 1 + 5 * 7 * 2, 6}, actual.shape());
        assertTrue(expected.equalsWithEps(actual, 1e-5), "resized table");
        assertEquals(table.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all()),
                actual.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all()), "the CLS row is copied");
    }

    private static void assertWeights(double[][] expected, double[][] actual, int in, int out) {
        for (int o = 0; o < out; o++) {
            assertArrayEquals(expected[o], actual[o], 1e-12, in + " -> " + out + ", output " + o);
        }
    }
}
