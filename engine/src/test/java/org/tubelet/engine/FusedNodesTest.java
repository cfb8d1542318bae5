package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every fused node registered in {@link FusedNodes}, on each of its {@link FusedNode#examples()}: the node against
 * the same function written out in stock ops, and libnd4j's refusal to compute it. A newly registered node is covered
 * here without a test of its own.
 */
class FusedNodesTest {

    /** (node name, node, example) for every example of every registered node. */
    static Stream<Arguments> examples() {
        return FusedNodes.all().stream()
                .flatMap(node -> node.examples().stream().map(e -> Arguments.of(node.name(), node, e)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("examples")
    void theFusedNodeMatchesItsWrittenOutOps(String name, FusedNode<?> node, FusedNode.Example<?> example) {
        check(node, example);
    }

    /** The same with the kernels' exponentials and tangents in libnd4j ({@link VectorApi} off). */
    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("examples")
    void theFusedNodeMatchesItsWrittenOutOpsWithoutTheVectorApi(String name, FusedNode<?> node,
                                                                FusedNode.Example<?> example) {
        VectorApi.without(() -> check(node, example));
    }

    @SuppressWarnings("unchecked")
    private static <A> void check(FusedNode<A> node, FusedNode.Example<?> untyped) {
        FusedNode.Example<A> example = (FusedNode.Example<A>) untyped;
        List<INDArray> inputs = example.inputs();
        INDArray w = NodeRuns.weights(NodeRuns.output(inputs, example.reference()).shape());
        long before = Kernels.executed();
        NodeRuns.Run fused = NodeRuns.run(inputs, w,
                (sd, in) -> node.build(example.args(), in.toArray(new SDVariable[0])));
        assertTrue(Kernels.executed() >= before + 2, "the node and its backward ran as kernels");
        NodeRuns.Run stock = NodeRuns.run(inputs, w, example.reference());
        NodeRuns.assertSameValuesAndGradients(stock, fused, node.name() + " (" + example + ")");
        assertEquals(1, nodes(fused.sd(), node), "fused nodes in the fused graph");
        assertEquals(0, nodes(stock.sd(), null), "the written-out form holds no fused node");
    }

    /** Ops of {@code sd} that carry {@code node} (any registered node if null). */
    private static long nodes(SameDiff sd, FusedNode<?> node) {
        return sd.getOps().values().stream().map(o -> FusedNodes.of(o.getOp()))
                .filter(n -> n != null && (node == null || n == node)).count();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("examples")
    void libnd4jRefusesTheNodeInsteadOfComputingItsCarrier(String name, FusedNode<?> node,
                                                           FusedNode.Example<?> example) {
        SameDiff sd = SameDiff.create();
        SDVariable y = build(node, example, sd);
        assertEquals(node, FusedNodes.of(sd.getVariableOutputOp(y.name())), "the graph holds the node");
        assertThrows(RuntimeException.class, () -> runInStockSession(sd, y));

        SameDiff reference = SameDiff.create();                 // the control: the same session computes the reference
        List<SDVariable> in = new ArrayList<>();
        for (int i = 0; i < example.inputs().size(); i++) {
            in.add(reference.var("in" + i, example.inputs().get(i).dup()));
        }
        SDVariable r = example.reference().build(reference, in);
        assertTrue(runInStockSession(reference, r).containsKey(r.name()), "the written-out form runs in it");
    }

    /** {@code y} computed by SameDiff's own inference session, without Tubelet's kernels. */
    private static Map<String, INDArray> runInStockSession(SameDiff sd, SDVariable y) {
        return new InferenceSession(sd).output(List.of(y.name()), Map.of(), null, List.of(), List.of(),
                At.defaultAt(Operation.INFERENCE));
    }

    @SuppressWarnings("unchecked")
    private static <A> SDVariable build(FusedNode<A> node, FusedNode.Example<?> example, SameDiff sd) {
        SDVariable[] vars = new SDVariable[example.inputs().size()];
        for (int i = 0; i < vars.length; i++) {
            vars[i] = sd.var("in" + i, example.inputs().get(i).dup());
        }
        return node.build((A) example.args(), vars);
    }
}
