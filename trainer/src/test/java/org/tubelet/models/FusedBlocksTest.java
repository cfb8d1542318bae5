package org.tubelet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.FusedAttention;
import org.tubelet.engine.FusedGelu;
import org.tubelet.engine.FusedLinear;
import org.tubelet.engine.FusedNode;
import org.tubelet.engine.FusedNodes;
import org.tubelet.engine.FusedResidualLinear;
import org.tubelet.engine.Kernels;
import org.tubelet.engine.NodeRuns;
import org.tubelet.engine.RowLayerNorm;
import org.tubelet.models.blocks.LayerNorm;
import org.tubelet.models.blocks.Linear;
import org.tubelet.models.blocks.ScaledDotProductAttention;
import org.tubelet.models.zoo.Models;
import org.tubelet.train.loop.SessionStepperTest;

/**
 * The model blocks that use fused nodes ({@link GraphOps#KERNELS}) against the same blocks written out in stock ops
 * ({@link GraphOps#STOCK}), on the engine's examples of each node, and a whole model built both ways. The nodes
 * themselves are checked against the engine's own written-out forms by the engine's {@code FusedNodesTest}.
 */
class FusedBlocksTest {

    /** (case, stock block, fused block, inputs) for every block that can hold a fused node. */
    static Stream<Arguments> blocks() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (FusedNode.Example<Double> e : RowLayerNorm.NODE.examples()) {
            double eps = e.args();
            cases.add(Arguments.of("LayerNorm, " + e, block((sd, in) -> new LayerNorm(in.get(1), in.get(2), eps,
                    false).apply(in.get(0))), block((sd, in) -> new LayerNorm(in.get(1), in.get(2), eps, true)
                    .apply(in.get(0))), e.inputs()));
        }
        for (FusedNode.Example<FusedLinear.Args> e : FusedLinear.NODE.examples()) {
            cases.add(Arguments.of("Linear, " + e, block((sd, in) -> new Linear(in.get(1), in.get(2), false)
                    .apply(in.get(0))), block((sd, in) -> new Linear(in.get(1), in.get(2), true).apply(in.get(0))),
                    e.inputs()));
        }
        for (FusedNode.Example<FusedResidualLinear.Args> e : FusedResidualLinear.NODE.examples()) {
            cases.add(Arguments.of("Linear with a residual, " + e, block((sd, in) -> new Linear(in.get(1), in.get(2),
                    false).apply(in.get(0), in.get(3))), block((sd, in) -> new Linear(in.get(1), in.get(2), true)
                    .apply(in.get(0), in.get(3))), e.inputs()));
        }
        for (FusedNode.Example<FusedAttention.Shape> e : FusedAttention.NODE.examples()) {
            cases.add(Arguments.of("ScaledDotProductAttention, " + e, attention(e, GraphOps.STOCK),
                    attention(e, GraphOps.KERNELS), e.inputs()));
        }
        for (Activation act : List.of(Activation.GELU, Activation.GELU_FAST, Activation.GELU_NEW,
                Activation.GELU_PYTORCH_TANH)) {
            FusedGelu.Form form = act == Activation.GELU ? FusedGelu.Form.ERF : FusedGelu.Form.TANH;
            FusedNode.Example<FusedGelu.Form> e = FusedGelu.NODE.examples().stream().filter(x -> x.args() == form)
                    .findFirst().orElseThrow();
            cases.add(Arguments.of(act + ", " + e, block((sd, in) -> act.apply(sd, in.get(0))),
                    block((sd, in) -> act.apply(context(sd, GraphOps.KERNELS), in.get(0))), e.inputs()));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void theFusedBlockMatchesTheBlockWrittenOut(String name, FusedNode.Reference stock, FusedNode.Reference fused,
                                                List<INDArray> inputs) {
        INDArray w = NodeRuns.weights(NodeRuns.output(inputs, stock).shape());
        long before = Kernels.executed();
        NodeRuns.Run f = NodeRuns.run(inputs, w, fused);
        assertTrue(Kernels.executed() >= before + 2, "the node and its backward ran as kernels");
        NodeRuns.Run s = NodeRuns.run(inputs, w, stock);
        NodeRuns.assertSameValuesAndGradients(s, f, name);
        assertEquals(1, fusedNodes(f.sd()), "fused nodes of the fused block");
        assertEquals(0, fusedNodes(s.sd()), "fused nodes of the block written out");
    }

    /** {@code r} typed as a block function, for {@code Arguments.of}. */
    private static FusedNode.Reference block(FusedNode.Reference r) {
        return r;
    }

    /** The attention block on packed q, k, v [G·S, 3·H·d], with or without the fused node. */
    private static FusedNode.Reference attention(FusedNode.Example<FusedAttention.Shape> e, GraphOps ops) {
        FusedAttention.Shape s = e.args();
        long headDim = e.inputs().get(0).size(1) / 3 / s.heads();
        return (sd, in) -> ScaledDotProductAttention.ofPacked(context(sd, ops), in.get(0), s.seqLen(), s.heads(),
                headDim, 1.0 / Math.sqrt(headDim), 0.0);
    }

    private static GraphContext context(SameDiff sd, GraphOps ops) {
        return new GraphContext(sd, new WeightLayout(List.of()), ops);
    }

    private static long fusedNodes(SameDiff sd) {
        return sd.getOps().values().stream().filter(o -> FusedNodes.of(o.getOp()) != null).count();
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
        NodeRuns.assertClose(b.getOutputs().get(loss), a.getOutputs().get(loss), "loss");
        for (String n : names) {
            NodeRuns.assertClose(b.getGradients().get(n), a.getGradients().get(n), "gradient of " + n);
        }
        assertTrue(count(fused, "layer_norm") > 0);
        assertEquals(0, count(stock, "layer_norm"));
        assertTrue(geluNodes(fused) > 0, "fused GELU nodes");
        assertEquals(0, geluNodes(stock));
        assertTrue(count(fused, "add") < count(stock, "add"), "biases and residuals added by fused linear nodes");
        assertEquals(2L * fused.config().numHiddenLayers(), nodes(fused, FusedResidualLinear.NODE),
                "each layer's attention output and MLP output add their residuals");
        assertEquals(0, nodes(stock, FusedResidualLinear.NODE));
        assertTrue(count(fused, "permute") < count(stock, "permute"), "attention without permutes into heads");
    }

    private static long count(ModelGraph g, String opName) {
        return g.sd().getOps().values().stream().filter(o -> opName.equals(o.getOp().opName())).count();
    }

    /** Softmax nodes carrying a fused-GELU marker. */
    private static long geluNodes(ModelGraph g) {
        return nodes(g, FusedGelu.NODE);
    }

    private static long nodes(ModelGraph g, FusedNode<?> node) {
        return g.sd().getOps().values().stream().filter(o -> FusedNodes.of(o.getOp()) == node).count();
    }
}
