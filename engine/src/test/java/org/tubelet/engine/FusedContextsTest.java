package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Tubelet's sessions run fused nodes on op contexts of Java lists ({@link FusedContexts}), forward and backward, and
 * stock ops on libnd4j's native contexts, with the same results.
 */
class FusedContextsTest {
    /** Records, per op, whether it ran on a native context. */
    private static final class Contexts extends BaseListener {
        final Map<String, Boolean> nativeByOp = new HashMap<>();

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx,
                                INDArray[] outputs) {
            nativeByOp.put(op.getName(), ctx.contextPointer() != null);
        }
    }

    @Test
    void fusedNodesRunOnJavaContextsAndStockOpsOnNativeOnes() {
        Nd4j.getRandom().setSeed(3);
        SameDiff sd = SameDiff.create();
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 4);
        INDArray w = Nd4j.randn(DataType.FLOAT, 5, 4);
        INDArray b = Nd4j.linspace(DataType.FLOAT, -1, 0.5, 5);
        SDVariable wv = sd.var("w", w);
        SDVariable linear = FusedLinear.node(sd.var("x", x), wv, sd.var("b", b));
        SDVariable y = sd.math.tanh("y", linear);
        y.sum("loss");
        sd.setLossVariables("loss");

        Contexts forward = new Contexts();
        INDArray out = new KernelInferenceSession(sd).output(List.of("y"), Map.of(), null, List.of(),
                List.of(forward), At.defaultAt()).get("y");
        INDArray expected = Transforms.tanh(x.mmul(w.transpose()).addRowVector(b));
        NodeRuns.assertClose(expected, out, "tanh(x·Wᵀ + b)");
        String linearOp = linear.getCreator().getOwnName();
        assertEquals(Boolean.FALSE, forward.nativeByOp.get(linearOp), "the fused linear node's context");
        assertEquals(Boolean.TRUE, forward.nativeByOp.get(y.getCreator().getOwnName()), "tanh's context");

        sd.createGradFunction();
        SameDiff gradients = sd.getFunction("grad");
        String dw = wv.gradient().name();
        Contexts backward = new Contexts();
        INDArray gw = new KernelInferenceSession(gradients).output(List.of(dw), Map.of(), null, List.of(),
                List.of(backward), At.defaultAt()).get(dw);
        // dL/dW = ((1 − tanh²) ⊙ 1)ᵀ · x
        INDArray dz = expected.mul(expected).rsubi(1);
        NodeRuns.assertClose(dz.transpose().mmul(x), gw, "dL/dW");
        String linearBackward = backward.nativeByOp.keySet().stream()
                .filter(name -> FusedNodes.of(gradients.getOps().get(name).getOp()) == FusedLinear.NODE)
                .findFirst().orElse(null);
        assertNotNull(linearBackward, "the fused linear node's backward ran");
        assertFalse(backward.nativeByOp.get(linearBackward), "its context is Java's");
        assertNull(FusedNodes.of(gradients.getOps().get(backward.nativeByOp.keySet().stream()
                .filter(backward.nativeByOp::get).findFirst().orElseThrow()).getOp()),
                "a native context is a stock op's");
    }
}
