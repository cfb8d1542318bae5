package org.tubelet.models.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.GraphSessions;
import org.tubelet.models.Activation;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.GraphContext;
import org.tubelet.models.GraphOps;
import org.tubelet.models.RandomOps;
import org.tubelet.models.WeightLayout;

/** Stochastic depth against its definition: per group, drop with probability p or keep scaled by 1/(1-p). */
class DropPathTest {
    static final int GROUPS = 4000;
    static final int ROWS = 3;
    static final int D = 5;

    /** x [GROUPS·ROWS, D] through drop path with {@code rate}; the graph's random ops seeded with {@code seed}. */
    static INDArray run(INDArray x, double rate, boolean training, long seed) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, new WeightLayout(List.of()), GraphOps.STOCK);
        SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, D);
        SDVariable out = DropPath.apply(g, in, ROWS, D, rate);
        RandomOps.find(sd).reseed(seed);
        Map<String, INDArray> r = GraphSessions.output(sd, Map.of("x", x, GraphContext.TRAINING,
                Nd4j.scalar(training ? 1f : 0f)), List.of(out.name()));
        return r.get(out.name());
    }

    static INDArray input() {
        Nd4j.getRandom().setSeed(3);
        return Nd4j.rand(DataType.FLOAT, (long) GROUPS * ROWS, D).addi(0.5);    // no zeros: every ratio is defined
    }

    @Test
    void inTrainingEachGroupIsDroppedOrKeptAndScaledAsAWhole() {
        double p = 0.3;
        INDArray x = input();
        INDArray y = run(x, p, true, 17);
        float[] xv = x.dup().data().asFloat();
        float[] yv = y.dup().data().asFloat();
        double scale = 1.0 / (1.0 - p);
        int kept = 0;
        for (int grp = 0; grp < GROUPS; grp++) {
            boolean first = yv[grp * ROWS * D] != 0f;
            for (int i = grp * ROWS * D; i < (grp + 1) * ROWS * D; i++) {
                double expected = first ? xv[i] * scale : 0.0;
                if (Math.abs(yv[i] - expected) > 1e-6 * Math.abs(expected)) {
                    fail("group " + grp + " element " + i + ": " + yv[i] + ", expected " + expected
                            + (first ? " (kept, x/(1-p))" : " (dropped)") + ": the group is not one draw");
                }
            }
            kept += first ? 1 : 0;
        }
        // kept ~ Binomial(4000, 0.7): mean 2800, standard deviation 29; five deviations either side
        assertTrue(Math.abs(kept - GROUPS * (1 - p)) < 5 * Math.sqrt(GROUPS * p * (1 - p)),
                kept + " of " + GROUPS + " groups kept with p = " + p);
    }

    @Test
    void inInferenceTheBranchIsExactlyUnchanged() {
        INDArray x = input();
        assertEquals(x, run(x, 0.5, false, 17));
    }

    @Test
    void aStepsMasksAreAFunctionOfTheSeed() {
        INDArray x = input();
        assertEquals(run(x, 0.5, true, 5), run(x, 0.5, true, 5));
        assertTrue(run(x, 0.5, true, 5).sub(run(x, 0.5, true, 6)).amaxNumber().doubleValue() > 0);
    }

    @Test
    void layerRatesRiseLinearlyFromZeroToTheRate() {
        EncoderFields e = new EncoderFields(8, 5, 2, 16, Activation.GELU, 0, 0, 0.02, 1e-6, true, 0.3);
        // torch.linspace(0, 0.3, 5)
        assertArrayEquals(new double[]{0.0, 0.075, 0.15, 0.225, 0.3}, e.dropPathRates(5), 1e-12);
        assertArrayEquals(new double[]{0.0, 0.3}, e.dropPathRates(2), 1e-12);
        assertArrayEquals(new double[]{0.0}, e.dropPathRates(1), 0.0, "one layer: linspace(0, r, 1) = [0]");
        assertArrayEquals(new double[5], e.withDropPathRate(0).dropPathRates(5), 0.0);
    }
}
