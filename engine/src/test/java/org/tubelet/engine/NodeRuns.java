package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a function of a few inputs as {@code loss = Σ w ⊙ f(inputs)}, every input a variable, so that the gradients
 * reach each input through every term of the backward pass: for comparing a fused node with its written-out form
 * (here and in the trainer's block tests).
 */
public final class NodeRuns {
    /** Tolerance relative to max(1, max |expected|). */
    public static final double TOL = 2e-5;

    private NodeRuns() {
    }

    /**
     * One run's graph, output and gradients.
     *
     * @param sd the graph
     * @param output f(inputs)
     * @param gradients dL/d(input i), in input order
     */
    public record Run(SameDiff sd, INDArray output, List<INDArray> gradients) {
    }

    /** Weights w of {@code shape}, the same for every run of one case. */
    public static INDArray weights(long[] shape) {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    /** f's output for {@code inputs}, without gradients (e.g. to learn its shape). */
    public static INDArray output(List<INDArray> inputs, FusedNode.Reference f) {
        SameDiff sd = SameDiff.create();
        SDVariable y = f.build(sd, variables(sd, inputs));
        return sd.output(Map.of(), y.name()).get(y.name());
    }

    /** f's output and the gradients of {@code Σ w ⊙ f(inputs)} for every input. */
    public static Run run(List<INDArray> inputs, INDArray w, FusedNode.Reference f) {
        SameDiff sd = SameDiff.create();
        List<SDVariable> vars = variables(sd, inputs);
        SDVariable y = f.build(sd, vars);
        y.rename("y");
        sd.setLossVariables(y.mul(sd.constant(w)).sum());
        List<String> names = vars.stream().map(SDVariable::name).toList();
        Map<String, INDArray> grads = new HashMap<>(sd.calculateGradients(Map.of(), names));
        INDArray out = sd.output(Map.of(), "y").get("y");
        List<INDArray> gradients = new ArrayList<>();
        names.forEach(n -> gradients.add(grads.get(n)));
        return new Run(sd, out, gradients);
    }

    /** Same output shape, and output and every gradient within {@link #TOL}. */
    public static void assertSameValuesAndGradients(Run expected, Run actual, String what) {
        assertArrayEquals(expected.output().shape(), actual.output().shape(), what + ": output shape");
        assertClose(expected.output(), actual.output(), what + ": output");
        for (int i = 0; i < expected.gradients().size(); i++) {
            assertClose(expected.gradients().get(i), actual.gradients().get(i), what + ": gradient of input " + i);
        }
    }

    /** max |expected − actual| ≤ {@link #TOL} · max(1, max |expected|). */
    public static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        assertTrue(diff <= TOL * scale, what + ": max |stock - fused| = " + diff + " (max |stock| " + scale + ")");
    }

    private static List<SDVariable> variables(SameDiff sd, List<INDArray> inputs) {
        List<SDVariable> vars = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            vars.add(sd.var("in" + i, inputs.get(i).dup()));
        }
        return vars;
    }
}
