package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.PairList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DJL's PyTorch engine starts offline from the native jar on the class path with the bench's thread count, and
 * {@link AdamWStep} takes PyTorch's AdamW step (torch.optim.AdamW, decoupled decay), computed here by hand.
 */
class DjlEngineSmokeTest {

    @BeforeAll
    static void engine() {
        DjlBench.configureEngine(2);
    }

    @Test
    void startsOfflineWithPyTorch27AndTwoThreads() {
        Engine e = Engine.getEngine("PyTorch");
        assertEquals("2.7.1", e.getVersion());
        assertEquals(2, JniUtils.getNumThreads());
    }

    @Test
    void twoAdamWStepsAsPyTorchDefinesThem() {
        float lr = 0.1f;
        float[] w0 = {0.5f, -1.0f, 2.0f};
        float[] x = {1.0f, -3.0f, 0.25f};   // loss = Σ w·x, so the gradient is x at every step
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray w = m.create(w0.clone(), new Shape(3));
            w.setRequiresGradient(true);
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(w);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", p);
            AdamWStep step = new AdamWStep(params, lr);
            NDArray xs = m.create(x);
            float loss = step.step(() -> w.mul(xs).sum());
            assertEquals(w0[0] * x[0] + w0[1] * x[1] + w0[2] * x[2], loss, 1e-6);
            step.step(() -> w.mul(xs).sum());
            // PyTorch's AdamW with a constant gradient g: w ← w·(1 − lr·λ) − lr·m̂/(√v̂ + ε), m̂ = g, v̂ = g².
            float[] actual = w.toFloatArray();
            for (int i = 0; i < 3; i++) {
                double expected = w0[i];
                for (int t = 1; t <= 2; t++) {
                    double g = x[i];
                    double m1 = 0.9 * 0 + 0.1 * g;
                    double m2 = t == 1 ? m1 : 0.9 * m1 + 0.1 * g;
                    double v1 = 0.001 * g * g;
                    double v2 = t == 1 ? v1 : 0.999 * v1 + 0.001 * g * g;
                    double mHat = m2 / (1 - Math.pow(0.9, t));
                    double vHat = v2 / (1 - Math.pow(0.999, t));
                    expected = expected * (1 - lr * 0.01) - lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                assertEquals(expected, actual[i], 1e-5, "parameter " + i);
            }
        }
    }
}
