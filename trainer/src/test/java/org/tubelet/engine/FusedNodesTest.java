package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.GraphContext;
import org.tubelet.models.GraphOps;
import org.tubelet.models.InputSize;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.ScaledDotProductAttention;
import org.tubelet.models.zoo.Models;
import org.tubelet.train.loop.SessionStepperTest;

/** Graphs with fused kernel nodes ({@link GraphOps#KERNELS}) against the same graphs of stock ops. */
class FusedNodesTest {
    private static final double TOL = 2e-5;

    /** Sum of {@code w ⊙ layerNorm(x)}: its gradients reach x, γ and β through every term of the backward pass. */
    private static Map<String, INDArray> layerNormGradients(boolean fused, INDArray x, INDArray w, double eps,
                                                            String... extraOutputs) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", x.dup());
        SDVariable gamma = sd.var("gamma", Nd4j.linspace(DataType.FLOAT, 0.5, 0.1, x.size(1)));
        SDVariable beta = sd.var("beta", Nd4j.linspace(DataType.FLOAT, -0.2, 0.05, x.size(1)));
        SDVariable y = new LayerNorm(gamma, beta, eps, fused).apply(in);
        y.rename("y");
        sd.setLossVariables(y.mul(sd.constant(w)).sum());
        Map<String, INDArray> grads = new java.util.HashMap<>(sd.calculateGradients(Map.of(), "x", "gamma", "beta"));
        grads.put("y", sd.output(Map.of(), "y").get("y"));
        long layerNormNodes = sd.getOps().values().stream().filter(o -> "layer_norm".equals(o.getOp().opName()))
                .count();
        assertEquals(fused ? 1 : 0, layerNormNodes, "layer_norm nodes when fused = " + fused);
        return grads;
    }

    @ParameterizedTest
    @CsvSource({"1e-6, 1.0", "1e-5, 0.003", "1e-12, 1.0"})
    void theFusedLayerNormMatchesTheWrittenOutFormula(double eps, double scale) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 300, 96).addi(0.7).muli(scale);   // scale 0.003: σ² ≈ ε
        INDArray w = Nd4j.randn(DataType.FLOAT, 300, 96);
        long before = Kernels.executed();
        Map<String, INDArray> fused = layerNormGradients(true, x, w, eps);
        assertTrue(Kernels.executed() >= before + 2, "layer_norm and layer_norm_bp ran as kernels");
        Map<String, INDArray> stock = layerNormGradients(false, x, w, eps);
        for (String name : List.of("y", "x", "gamma", "beta")) {
            assertClose(stock.get(name), fused.get(name), name);
        }
    }

    /** Sum of {@code w ⊙ linear(x)} and its gradients for x, W and b, the layer fused or written out. */
    private static Map<String, INDArray> linearGradients(boolean fused, INDArray x, INDArray weight, INDArray w) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", x.dup());
        SDVariable wt = sd.var("W", weight.dup());
        SDVariable b = sd.var("b", Nd4j.linspace(DataType.FLOAT, -0.3, 0.01, weight.size(0)));
        SDVariable y = new Linear(wt, b, fused).apply(in);
        y.rename("y");
        sd.setLossVariables(y.mul(sd.constant(w)).sum());
        Map<String, INDArray> grads = new java.util.HashMap<>(sd.calculateGradients(Map.of(), "x", "W", "b"));
        grads.put("y", sd.output(Map.of(), "y").get("y"));
        long layerNormNodes = sd.getOps().values().stream().filter(o -> "layer_norm".equals(o.getOp().opName()))
                .count();
        assertEquals(fused ? 1 : 0, layerNormNodes, "fused linear nodes when fused = " + fused);
        return grads;
    }

    @ParameterizedTest
    @CsvSource({"300, 96, 150", "80, 384, 384", "7, 40, 3"})
    void theFusedLinearMatchesTheWrittenOutProduct(int rows, int in, int out) {
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.randn(DataType.FLOAT, rows, in);
        INDArray weight = Nd4j.randn(DataType.FLOAT, out, in).muli(0.1);
        INDArray w = Nd4j.randn(DataType.FLOAT, rows, out);
        long before = Kernels.executed();
        Map<String, INDArray> fused = linearGradients(true, x, weight, w);
        assertTrue(Kernels.executed() >= before + 2, "the linear node and its backward ran as kernels");
        Map<String, INDArray> stock = linearGradients(false, x, weight, w);
        assertArrayEquals(new long[] {rows, out}, fused.get("y").shape());
        for (String name : List.of("y", "x", "W", "b")) {
            assertClose(stock.get(name), fused.get(name), name);
        }
    }

    @Test
    void libnd4jRefusesAFusedLinearNode() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray weight = Nd4j.rand(DataType.FLOAT, 8, 8);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, 8);
        assertThrows(RuntimeException.class, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom
                .LayerNorm(x, weight, bias, Nd4j.create(DataType.FLOAT, 4, 8), false, 1, FusedLinear.MARKER)));
    }

    /** Sum of {@code w ⊙ attention(q, k, v)} and its gradients, the attention fused or written out. */
    private static Map<String, INDArray> attentionGradients(boolean fused, INDArray[] qkv, INDArray w, int seqLen,
                                                           int heads) {
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.var("q", qkv[0].dup());
        SDVariable k = sd.var("k", qkv[1].dup());
        SDVariable v = sd.var("v", qkv[2].dup());
        long d = qkv[0].size(1) / heads;
        double scale = 1.0 / Math.sqrt(d);
        SDVariable y;
        if (fused) {
            y = FusedAttention.node(q, k, v, seqLen, heads, scale);
        } else {
            SDVariable ctx = ScaledDotProductAttention.apply(new GraphContext(sd, new WeightLayout(List.of()),
                    GraphOps.STOCK), ScaledDotProductAttention.splitHeads(q, seqLen, heads, d),
                    ScaledDotProductAttention.splitHeads(k, seqLen, heads, d),
                    ScaledDotProductAttention.splitHeads(v, seqLen, heads, d), scale, 0.0);
            y = ScaledDotProductAttention.mergeHeads(ctx, heads, d);
        }
        y.rename("y");
        sd.setLossVariables(y.mul(sd.constant(w)).sum());
        Map<String, INDArray> grads = new java.util.HashMap<>(sd.calculateGradients(Map.of(), "q", "k", "v"));
        grads.put("y", sd.output(Map.of(), "y").get("y"));
        return grads;
    }

    @ParameterizedTest
    // "24, 10, 4, 16" has the first case's G·H·S² (9,600) with another S: the scratch score matrices must not be shared
    // (they once were, keyed by element count, which gave VideoMAE wrong numbers after a TimeSformer ran).
    @CsvSource({"4, 20, 6, 64", "24, 10, 4, 16", "2, 49, 3, 16", "1, 300, 2, 64"})
    void theFusedAttentionMatchesTheWrittenOutOps(int groups, int seqLen, int heads, int headDim) {
        Nd4j.getRandom().setSeed(8);
        long rows = (long) groups * seqLen;
        INDArray[] qkv = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            qkv[i] = Nd4j.randn(DataType.FLOAT, rows, (long) heads * headDim);
        }
        INDArray w = Nd4j.randn(DataType.FLOAT, rows, (long) heads * headDim);
        long before = Kernels.executed();
        Map<String, INDArray> fused = attentionGradients(true, qkv, w, seqLen, heads);
        assertTrue(Kernels.executed() >= before + 2, "the attention node and its backward ran as kernels");
        Map<String, INDArray> stock = attentionGradients(false, qkv, w, seqLen, heads);
        for (String name : List.of("y", "q", "k", "v")) {
            assertClose(stock.get(name), fused.get(name), name);
        }
    }

    @Test
    void libnd4jRefusesAFusedAttentionNode() {
        INDArray q = Nd4j.rand(DataType.FLOAT, 6, 8);
        assertThrows(RuntimeException.class, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom
                .LayerNorm(q, q.dup(), q.dup(), Nd4j.create(DataType.FLOAT, 6, 8), false, 1, FusedAttention.MARKER, 3,
                2, Float.floatToIntBits(0.5f))));
    }

    /** Sum of {@code w ⊙ act(x)} and its gradient, the activation fused or written out. */
    private static Map<String, INDArray> activationGradients(Activation act, boolean fused, INDArray x, INDArray w) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", x.dup());
        FusedGelu.Form form = act == Activation.GELU ? FusedGelu.Form.ERF : FusedGelu.Form.TANH;
        SDVariable y = fused ? FusedGelu.node(in, form) : act.apply(sd, in);
        y.rename("y");
        sd.setLossVariables(y.mul(sd.constant(w)).sum());
        Map<String, INDArray> grads = new java.util.HashMap<>(sd.calculateGradients(Map.of(), "x"));
        grads.put("y", sd.output(Map.of(), "y").get("y"));
        return grads;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"GELU", "GELU_FAST", "GELU_NEW", "GELU_PYTORCH_TANH"})
    void theFusedGeluMatchesTheWrittenOutFormula(Activation act) {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, 70, 1300).muli(3);       // 91,000 elements: several blocks
        INDArray w = Nd4j.randn(DataType.FLOAT, 70, 1300);
        long before = Kernels.executed();
        Map<String, INDArray> fused = activationGradients(act, true, x, w);
        assertTrue(Kernels.executed() >= before + 2, "the GELU node and its derivative ran as kernels");
        Map<String, INDArray> stock = activationGradients(act, false, x, w);
        assertClose(stock.get("y"), fused.get("y"), act + " values");
        assertClose(stock.get("x"), fused.get("x"), act + " gradient");
    }

    /** erf in double: its Taylor series below 3, the asymptotic series of erfc above. */
    private static double referenceErf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            for (int n = 1; n < 80; n++) {
                term *= -a * a / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double s = 1;
            double t = 1;
            for (int n = 1; n < 8; n++) {
                t *= -(2 * n - 1) / (2 * a * a);
                s += t;
            }
            r = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * s;
        }
        return Math.copySign(r, x);
    }

    @Test
    void thePolynomialErfIsWithinItsStatedError() {
        double worst = 0;
        for (int i = -60_000; i <= 60_000; i++) {
            float x = i / 10_000f;                                     // [-6, 6]
            worst = Math.max(worst, Math.abs(FusedGelu.erf(x) - referenceErf(x)));
        }
        assertTrue(worst < 1.7e-6, "max |erf error| = " + worst);
        assertEquals(0f, FusedGelu.erf(0f));
        assertEquals(1f, FusedGelu.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FusedGelu.erf(-1e30f));
        assertTrue(Float.isNaN(FusedGelu.erf(Float.NaN)));
    }

    @Test
    void libnd4jRefusesAFusedGeluNode() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8);
        assertThrows(RuntimeException.class, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom
                .SoftMax(x, Nd4j.create(DataType.FLOAT, 4, 8), FusedGelu.ERF_MARKER)));
    }

    @Test
    void libnd4jRefusesAFusedNodeInsteadOfComputingSomethingElse() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray gain = Nd4j.ones(DataType.FLOAT, 8);
        INDArray bias = Nd4j.zeros(DataType.FLOAT, 8);
        int[] args = {1, RowLayerNorm.MARKER, Float.floatToIntBits(1e-6f)};
        assertThrows(RuntimeException.class, () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom
                .LayerNorm(x, gain, bias, Nd4j.create(DataType.FLOAT, 4, 8), false, args)));
    }

    @Test
    void aModelBuiltWithStockOpsComputesWhatTheFusedOneDoes() {
        ModelGraph fused = SessionStepperTest.model();
        ModelGraph stock = Models.build(fused.config(), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                InputSize.of(fused.config()), Models.DEFAULT_MASK, GraphOps.STOCK);
        fused.params().forEach((name, v) -> stock.params().get(name).setArray(v.getArr().dup()));
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
        INDArray y = Nd4j.createFromArray(0L, 2L);
        String loss = fused.outputs().loss().name();
        List<String> names = List.copyOf(fused.params().keySet());
        var a = fused.sd().calculateGradientsAndOutputs(fused.feeds(x, y, null, false), List.of(loss), names);
        var b = stock.sd().calculateGradientsAndOutputs(stock.feeds(x, y, null, false), List.of(loss), names);
        assertClose(b.getOutputs().get(loss), a.getOutputs().get(loss), "loss");
        for (String n : names) {
            assertClose(b.getGradients().get(n), a.getGradients().get(n), "gradient of " + n);
        }
        assertTrue(count(fused, "layer_norm") > 0);
        assertEquals(0, count(stock, "layer_norm"));
        assertTrue(geluNodes(fused) > 0, "fused GELU nodes");
        assertEquals(0, geluNodes(stock));
        assertTrue(count(fused, "add") < count(stock, "add"), "biases added by fused linear nodes");
        assertTrue(count(fused, "permute") < count(stock, "permute"), "attention without permutes into heads");
    }

    private static long count(ModelGraph g, String opName) {
        return g.sd().getOps().values().stream().filter(o -> opName.equals(o.getOp().opName())).count();
    }

    /** Softmax nodes carrying a fused-GELU marker. */
    private static long geluNodes(ModelGraph g) {
        return g.sd().getOps().values().stream()
                .filter(o -> o.getOp() instanceof org.nd4j.linalg.api.ops.DynamicCustomOp op && "softmax".equals(op.opName())
                        && op.iArgs().length == 1 && (op.iArgs()[0] == FusedGelu.ERF_MARKER
                        || op.iArgs()[0] == FusedGelu.TANH_MARKER))
                .count();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        assertTrue(diff <= TOL * scale, what + ": max |stock - fused| = " + diff + " (max |stock| " + scale + ")");
    }
}
