package org.tubelet.models;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.engine.FusedGelu;

/**
 * The hidden activations of Hugging Face configs ({@code hidden_act}), computed exactly as
 * {@code transformers/activations.py} does.
 *
 * <p>DL4J's built-in {@code gelu} is {@code x·sigmoid(1.702x)} (HF's {@code quick_gelu}) and its {@code PreciseGELU}
 * is neither HF form, so the GELU variants are written out with basic ops whose gradients are correct.
 */
public enum Activation {
    /** Exact GELU, {@code 0.5·x·(1 + erf(x/√2))}. */
    GELU("gelu"),
    /** Tanh approximation with HF's literal constant {@code 0.7978845608} (ViViT's default). */
    GELU_FAST("gelu_fast"),
    /** Tanh approximation, {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    GELU_NEW("gelu_new"),
    /** PyTorch's {@code gelu(approximate="tanh")}: the same formula as {@link #GELU_NEW}. */
    GELU_PYTORCH_TANH("gelu_pytorch_tanh"),
    /** {@code x·sigmoid(1.702·x)}. */
    QUICK_GELU("quick_gelu"),
    RELU("relu"),
    SELU("selu"),
    SILU("silu"),
    SWISH("swish"),
    TANH("tanh"),
    SIGMOID("sigmoid");

    private final String hfName;

    Activation(String hfName) {
        this.hfName = hfName;
    }

    /** The name used in HF's {@code config.json}. */
    public String hfName() {
        return hfName;
    }

    /** Parses an HF {@code hidden_act} value; the error lists every supported name. */
    public static Activation fromHf(String name) {
        for (Activation a : values()) {
            if (a.hfName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("hidden_act: unknown activation '" + name + "', expected one of "
                + Arrays.stream(values()).map(Activation::hfName).collect(Collectors.joining(", ")));
    }

    /**
     * Applies the activation element-wise: the GELU forms as one fused node where the graph may hold them
     * ({@link GraphContext#fusedKernels()}, see {@link FusedGelu}), everything else written out.
     */
    public SDVariable apply(GraphContext g, SDVariable x) {
        FusedGelu.Form form = switch (this) {
            case GELU -> FusedGelu.Form.ERF;
            case GELU_FAST, GELU_NEW, GELU_PYTORCH_TANH -> FusedGelu.Form.TANH;
            default -> null;
        };
        return form != null && g.fusedKernels() ? FusedGelu.node(x, form) : apply(g.sd(), x);
    }

    /** Applies the activation element-wise, written out with stock ops. */
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case GELU -> x.mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0)).mul(0.5);
            case GELU_FAST -> {
                // 0.5 * x * (1 + tanh(x * 0.7978845608 * (1 + 0.044715 * x * x)))
                SDVariable inner = x.mul(0.7978845608).mul(x.mul(x).mul(0.044715).add(1.0));
                yield x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
            }
            case GELU_NEW, GELU_PYTORCH_TANH -> {
                SDVariable inner = x.add(sd.math.pow(x, 3.0).mul(0.044715)).mul(Math.sqrt(2.0 / Math.PI));
                yield x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));
            }
            case QUICK_GELU -> x.mul(sd.nn.sigmoid(x.mul(1.702)));
            case RELU -> sd.nn.relu(x, 0.0);
            case SELU -> sd.nn.selu(x);
            case SILU, SWISH -> x.mul(sd.nn.sigmoid(x));
            case TANH -> sd.math.tanh(x);
            case SIGMOID -> sd.nn.sigmoid(x);
        };
    }
}
