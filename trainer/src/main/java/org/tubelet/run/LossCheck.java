package org.tubelet.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.engine.GraphSessions;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.eval.Evaluator;
import org.tubelet.train.loop.SessionStepper;
import org.tubelet.train.optim.Optimizer;
import org.tubelet.train.optim.Param;

/**
 * Checks that the loss a training step reports is the loss of its predictions, recomputed in double precision
 * ({@code bench --what loss}): the forward pass of the step (training mode, the same random masks) returns the
 * predictions, and for VideoMAE pretraining the targets; Java recomputes HF's loss from them in float64
 * ({@code MSELoss()} over every value, or {@code CrossEntropyLoss()} over the clips); then one step of the trainer's
 * session engine runs on the same batch and reports its loss. At real sizes the loss is a mean over millions of
 * values, where a float32 accumulation drifts (VideoMAE pretraining at 224² × 16 frames once reported a loss 0.15 %
 * low); the parity rule {@code |reported − float64| ≤ 5e-5 + 1e-4·|float64|} must hold.
 */
public final class LossCheck {
    /** The parity rule's absolute part. */
    public static final double ATOL = 5e-5;
    /** The parity rule's relative part. */
    public static final double RTOL = 1e-4;

    private LossCheck() {
    }

    /**
     * @param reported the loss the training step reported
     * @param float64 the loss recomputed in double from the step's predictions (and targets)
     * @param values how many values the loss averages
     */
    public record Result(double reported, double float64, long values) {
        public double difference() {
            return Math.abs(reported - float64);
        }

        public double tolerance() {
            return ATOL + RTOL * Math.abs(float64);
        }

        public boolean passed() {
            return difference() <= tolerance();
        }
    }

    /**
     * Runs the check on one batch; the step updates the parameters as a training step does.
     *
     * @param g a model with a loss (a classifier or VideoMAE pretraining)
     * @param feeds the batch's placeholder values in training mode ({@link ModelGraph#feeds}), with labels for a
     *              classifier
     * @param seed the seed of the step's random ops (dropout, drop path)
     */
    public static Result run(ModelGraph g, Map<String, INDArray> feeds, List<Param> params, Optimizer optimizer,
                             long seed) {
        Architecture.Head head = g.architecture().head();
        INDArray labels = g.inputs().labels() == null ? null : feeds.get(g.inputs().labels().name());   // [R]
        boolean pretraining = head == Architecture.Head.PRETRAINING;
        if (!pretraining && (head != Architecture.Head.CLASSIFIER || labels == null)) {
            throw new IllegalArgumentException(g.architecture().hfClass() + " has no loss to check"
                    + (head == Architecture.Head.CLASSIFIER ? " without labels" : ""));
        }
        List<String> outputs = new ArrayList<>(List.of(g.outputs().logits().name()));
        if (pretraining) {
            outputs.add(g.outputs().pretraining().targetPatches().name());
        }
        g.reseedRandomOps(seed);
        Map<String, INDArray> out = GraphSessions.output(g.sd(), feeds, outputs);
        INDArray logits = out.get(outputs.get(0));
        GraphSessions.freeInferenceMemory(g.sd());                  // the step's own arrays come next
        double float64;
        long values;
        if (pretraining) {
            INDArray targets = out.get(outputs.get(1));
            float64 = meanSquaredError(logits, targets);
            values = logits.length();
        } else if (logits.size(1) == 1) {
            float64 = meanSquaredError(logits.reshape(-1), labels);
            values = logits.length();
        } else {
            float64 = crossEntropy(logits, labels);
            values = logits.size(0);
        }
        g.reseedRandomOps(seed);
        double reported = new SessionStepper(g, g.outputs().loss(), params, optimizer).step(feeds, 1e-4, 1);
        return new Result(reported, float64, values);
    }

    /** {@code MSELoss()} in double: the mean of (p − t)² over every element. */
    static double meanSquaredError(INDArray predictions, INDArray targets) {
        if (predictions.length() != targets.length()) {
            throw new IllegalArgumentException("predictions " + predictions.shapeInfoToString() + " and targets "
                    + targets.shapeInfoToString() + " differ in length");
        }
        double[] p = predictions.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] t = targets.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            sum += d * d;
        }
        return sum / p.length;
    }

    /** {@code CrossEntropyLoss()} in double: the mean over rows of −log softmax(row)[label]. */
    static double crossEntropy(INDArray logits, INDArray labels) {
        double[][] rows = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        long[] y = labels.castTo(DataType.LONG).toLongVector();
        double sum = 0;
        for (int r = 0; r < rows.length; r++) {
            sum -= Math.log(Evaluator.softmax(rows[r])[(int) y[r]]);
        }
        return sum / rows.length;
    }
}
