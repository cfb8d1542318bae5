package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each activation against its HF formula evaluated in double precision. */
class ActivationTest {
    private static final double[] XS = {-4, -2.5, -1, -0.3, 0, 0.2, 0.9, 1.7, 3.5};

    static double erf(double x) {
        // Abramowitz-Stegun 7.1.26 is too coarse; integrate with Simpson's rule instead.
        int n = 20000;
        double h = x / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    static double reference(Activation a, double x) {
        return switch (a) {
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case GELU_FAST -> 0.5 * x * (1 + Math.tanh(x * 0.7978845608 * (1 + 0.044715 * x * x)));
            case GELU_NEW, GELU_PYTORCH_TANH ->
                    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case QUICK_GELU -> x / (1 + Math.exp(-1.702 * x));
            case RELU -> Math.max(0, x);
            case SELU -> 1.0507009873554804934193349852946
                    * (x > 0 ? x : 1.6732632423543772848170429916717 * (Math.exp(x) - 1));
            case SILU, SWISH -> x / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
        };
    }

    @Test
    void everyActivationMatchesItsHuggingFaceFormula() {
        for (Activation a : Activation.values()) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, XS.length);
            SDVariable y = a.apply(sd, x);
            INDArray in = Nd4j.createFromArray(XS).castTo(DataType.FLOAT);
            INDArray out = y.eval(java.util.Map.of("x", in));
            for (int i = 0; i < XS.length; i++) {
                assertEquals(reference(a, in.getFloat(i)), out.getDouble(i), 2e-6, a + " at " + XS[i]);
            }
            assertEquals(a, Activation.fromHf(a.hfName()));
        }
    }

    @Test
    void geluFastIsNotExactGelu() {
        // The difference HF's fixtures detect: ~1e-3 near |x| = 2.
        assertEquals(true, Math.abs(reference(Activation.GELU, -2.5) - reference(Activation.GELU_FAST, -2.5)) > 1e-4);
    }
}
