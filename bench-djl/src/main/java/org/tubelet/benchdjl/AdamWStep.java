package org.tubelet.benchdjl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.function.Supplier;

/**
 * One training step as the PyTorch reference takes it: the loss with autograd on, its backward pass, DJL's AdamW
 * (decoupled weight decay, PyTorch's defaults: β 0.9 / 0.999, ε 1e-8, decay 0.01) on every parameter, then the
 * gradients zeroed for the next step.
 */
public final class AdamWStep {

    private final PairList<String, Parameter> parameters;
    private final Optimizer optimizer;

    /** AdamW over {@code parameters} (their arrays must require gradients) at a fixed learning rate. */
    public AdamWStep(PairList<String, Parameter> parameters, float learningRate) {
        this.parameters = parameters;
        this.optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(learningRate)).optBeta1(0.9f)
                .optBeta2(0.999f).optEpsilon(1e-8f).optWeightDecays(0.01f).build();
    }

    /** Computes the loss, back-propagates and updates every parameter; returns the loss before the update. */
    public float step(Supplier<NDArray> loss) {
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            value = l.getFloat();
            collector.backward(l);
            l.close();
        }
        for (Pair<String, Parameter> p : parameters) {
            NDArray weight = p.getValue().getArray();
            NDArray grad = weight.getGradient();
            optimizer.update(p.getValue().getId(), weight, grad);
            grad.subi(grad);   // zero for the next step (PyTorch accumulates gradients)
            grad.close();      // the Java handle only; the tensor stays the parameter's gradient
        }
        return value;
    }
}
