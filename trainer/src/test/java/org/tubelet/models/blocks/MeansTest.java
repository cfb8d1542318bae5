package org.tubelet.models.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tubelet.testing.Fixtures.assertClose;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Means} in float32 against the plain mean computed in double, at the sizes of 224² clips. */
class MeansTest {

    /**
     * VideoMAE pretraining's squared errors at 224² × 16 frames, batch 2: [2, 1408, 1536], 4.3 M elements (libnd4j's
     * one-pass float32 mean of these was 1.5e-3 low).
     */
    @Test
    void theMeanOfMillionsOfSquaredErrorsIsWithinATenthOfTheParityTolerance() {
        Nd4j.getRandom().setSeed(11);
        INDArray diff = Nd4j.randn(DataType.FLOAT, 2, 1408, 1536);                      // [B, Nm, P]
        double expected = sumOfSquares(diff) / diff.length();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1408, 1536);
        Means.ofAll("m", x.mul(x), 3);
        double ours = sd.output(Map.of("x", diff), "m").get("m").getDouble(0);
        assertEquals(expected, ours, 1e-5 * expected, "mean of squares, float32 in short reductions");
    }

    @Test
    void theMeanOfEveryElementHasTheGradientOfAMean() {
        SameDiff sd = SameDiff.create();
        INDArray value = Nd4j.linspace(DataType.FLOAT, -1, 0.05, 24).reshape(2, 3, 4);
        SDVariable x = sd.var("x", value);
        sd.setLossVariables(Means.ofAll("m", x.mul(x), 3));
        INDArray grad = sd.calculateGradients(Map.of(), "x").get("x");
        assertClose("d mean(x²)/dx = 2x/24", value.mul(2.0 / 24), grad);
        SameDiff one = SameDiff.create();
        SDVariable v = one.var("v", Nd4j.createFromArray(1f, 2f, 6f));
        assertEquals(3.0, Means.ofAll("m", v, 1).eval().getDouble(0), 1e-7);
    }

    /** Mean pooling over 1,568 tokens (8 × 196, VideoMAE at 224² × 16 frames) of activations with an offset. */
    @Test
    void meanPoolingOverTokensMatchesTheMeanInDouble() {
        Nd4j.getRandom().setSeed(12);
        INDArray tokens = Nd4j.randn(DataType.FLOAT, 2, 8 * 196, 64).addi(3.0);        // [B, N, D]
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 8 * 196, 64);
        SDVariable pooled = Means.overTokens(x, 8, 196, 64).rename("pooled");
        INDArray ours = sd.output(Map.of("x", tokens), "pooled").get("pooled");       // [B, D]
        INDArray expected = tokens.castTo(DataType.DOUBLE).mean(1);
        assertClose("mean pooling", expected, ours);
        double worst = expected.sub(ours.castTo(DataType.DOUBLE)).div(expected).amaxNumber().doubleValue();
        assertEquals(0, worst, 1e-6, "largest relative error of the pooled values");
    }

    private static double sumOfSquares(INDArray a) {
        double s = 0;
        for (float f : a.reshape(-1).toFloatVector()) {
            s += (double) f * f;
        }
        return s;
    }
}
