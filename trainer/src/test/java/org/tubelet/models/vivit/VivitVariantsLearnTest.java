package org.tubelet.models.vivit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;

/**
 * Every ViViT variant learns a small temporal task no single frame can solve: a noisy clip gets brighter or darker
 * over time from a random base brightness; the class is the direction of change.
 */
@Tag("slow")
class VivitVariantsLearnTest {
    static final int FRAMES = 4;
    static final int SIZE = 16;
    static final int STEPS = 300;   // at 80 and 120 a variant ended at 0.86–0.92, at 200 one at 0.77: rounding decided

    @ParameterizedTest
    @EnumSource(VivitVariant.class)
    void learnsTheDirectionOfMotion(VivitVariant variant) {
        VivitConfig c = new VivitConfig(SIZE, FRAMES, List.of(1, 4, 4), 1, new EncoderFields(32, 2, 2, 64,
                Activation.GELU, 0.0, 0.0, 0.02, 1e-6, true), HfMeta.defaults(List.of()), variant,
                VivitEmbedding.TUBELET, 1, AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
        ModelGraph g = Models.create(c, variant.architecture(Architecture.Head.CLASSIFIER), 1);
        SplittableRandom rng = new SplittableRandom(7);
        Adam adam = new Adam(g, 2e-3);
        int steps = variant == VivitVariant.FACTORISED_ENCODER ? 3 * STEPS : STEPS; // two encoders in series learn slower
        for (int step = 0; step < steps; step++) {
            Batch b = batch(rng, 16);
            adam.step(GraphRuns.gradients(g, g.feeds(b.x, b.y, null, true)));
        }
        Batch test = batch(new SplittableRandom(99), 64);
        INDArray logits = GraphRuns.outputs(g, g.feeds(test.x, null, null, false), g.outputs().logits()).get("logits");
        double accuracy = logits.argMax(1).castTo(DataType.LONG).eq(test.y).castTo(DataType.FLOAT).meanNumber()
                .doubleValue();
        assertTrue(accuracy >= 0.9, variant + ": accuracy " + accuracy + " after " + steps + " steps (chance is 0.5)");
    }

    record Batch(INDArray x, INDArray y) {
    }

    static Batch batch(SplittableRandom rng, int n) {
        float[] x = new float[n * FRAMES * SIZE * SIZE];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
            double slope = (y[i] == 0 ? -0.3 : 0.3) * (0.7 + 0.6 * rng.nextDouble());
            double base = rng.nextDouble() - 0.5;           // a single frame's brightness does not tell the class
            for (int t = 0; t < FRAMES; t++) {
                for (int p = 0; p < SIZE * SIZE; p++) {
                    x[(i * FRAMES + t) * SIZE * SIZE + p] = (float) (base + slope * (t - 1.5)
                            + 0.3 * (rng.nextDouble() - 0.5));
                }
            }
        }
        return new Batch(Nd4j.create(x, new long[]{n, FRAMES, 1, SIZE, SIZE}, DataType.FLOAT),
                Nd4j.createFromArray(y));
    }

    /** Plain Adam, enough to show that gradients train each variant. */
    static final class Adam {
        private final ModelGraph g;
        private final double lr;
        private final Map<String, INDArray[]> state = new java.util.HashMap<>();
        private int t;

        Adam(ModelGraph g, double lr) {
            this.g = g;
            this.lr = lr;
        }

        void step(Map<String, INDArray> grads) {
            t++;
            double b1 = 0.9;
            double b2 = 0.999;
            grads.forEach((name, grad) -> {
                INDArray gr = grad.reshape(g.paramValue(name).shape());
                INDArray[] s = state.computeIfAbsent(name, k -> new INDArray[]{gr.like(), gr.like()});
                s[0].muli(b1).addi(gr.mul(1 - b1));
                s[1].muli(b2).addi(gr.mul(gr).muli(1 - b2));
                INDArray mHat = s[0].div(1 - Math.pow(b1, t));
                INDArray vHat = s[1].div(1 - Math.pow(b2, t));
                g.paramValue(name).subi(mHat.muli(lr).divi(Transforms.sqrt(vHat).addi(1e-8)));
            });
        }
    }
}
