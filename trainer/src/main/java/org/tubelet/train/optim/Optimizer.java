package org.tubelet.train.optim;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters from their gradients; its state goes into checkpoints.
 *
 * <p>The one piece of maths each optimiser implements is {@link #toUpdate}: it turns a parameter's gradient, in
 * place, into the step to subtract (and applies any decoupled weight decay to the parameter). Both kinds of training
 * step go through {@link #update}: one whose gradients are summed first (clipping, accumulation) through
 * {@link #step}, one that updates each parameter during the backward pass as soon as its gradient exists. An
 * optimiser may do {@link #update}'s scaling, update and subtraction in one pass.
 */
public interface Optimizer {

    /**
     * Overwrites {@code gradient} with the update {@code u} for the rule {@code p ← p − u}, advancing the optimiser's
     * state for this parameter; decoupled weight decay, if any, is applied to {@code p} here.
     *
     * @param p the parameter
     * @param gradient its gradient (same shape); overwritten
     * @param lr this parameter's learning rate for this step ({@link Param#lr} of the scheduled rate)
     * @param t 1-based number of this update (AdamW's bias correction)
     */
    void toUpdate(Param p, INDArray gradient, double lr, long t);

    /**
     * One parameter's update from a gradient that must be scaled first: {@code p ← p − toUpdate(scale·g)}. The gradient
     * array may be overwritten. Optimisers with a kernel for it do it in one pass.
     *
     * @param scale multiplies the gradient (1/micro-batches, the clipping factor; 1 for none)
     */
    default void update(Param p, INDArray gradient, double scale, double lr, long t) {
        if (scale != 1) {
            gradient.muli(scale);
        }
        toUpdate(p, gradient, lr, t);
        p.value().subi(gradient);
    }

    /**
     * One update of all parameters from their summed gradients: {@code p ← p − toUpdate(scale·g)} ({@link #update}),
     * each at its own rate {@link Param#lr}. The gradient arrays may be overwritten.
     *
     * @param params the parameters, updated in place
     * @param grads gradient per parameter name (same shapes)
     * @param scale multiplies every gradient first (1/micro-batches, the clipping factor)
     * @param lr the scheduled learning rate of this step
     * @param t 1-based number of this update
     */
    default void step(List<Param> params, Map<String, INDArray> grads, double scale, double lr, long t) {
        for (Param p : params) {
            update(p, grads.get(p.name()), scale, p.lr(lr), t);
        }
    }

    /** {@link #step(List, Map, double, double, long)} of unscaled gradients. */
    default void step(List<Param> params, Map<String, INDArray> grads, double lr, long t) {
        step(params, grads, 1, lr, t);
    }

    /** State tensors by name (e.g. {@code exp_avg/<param>}), live views: copy before changing them. */
    Map<String, INDArray> state();

    /** Restores {@link #state()}; every tensor must be present with the right shape. */
    void loadState(Map<String, INDArray> state);
}
