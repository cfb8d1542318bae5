package org.tubelet.train.optim;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters from their gradients; its state goes into checkpoints.
 *
 * <p>The one piece of maths each optimiser implements is {@link #toUpdate}: it turns a parameter's gradient, in
 * place, into the step to subtract (and applies any decoupled weight decay to the parameter). Both kinds of training
 * step use it: one whose gradients are summed first (clipping, accumulation) through {@link #step}, one that updates
 * during the backward pass by letting SameDiff subtract the array.
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
     * One update of all parameters: {@code p ← p − toUpdate(g)}, each at its own rate {@link Param#lr}. The gradient
     * arrays are overwritten.
     *
     * @param params the parameters, updated in place
     * @param grads gradient per parameter name (same shapes)
     * @param lr the scheduled learning rate of this step
     * @param t 1-based number of this update
     */
    default void step(List<Param> params, Map<String, INDArray> grads, double lr, long t) {
        for (Param p : params) {
            INDArray g = grads.get(p.name());
            toUpdate(p, g, p.lr(lr), t);
            p.value().subi(g);
        }
    }

    /** State tensors by name (e.g. {@code exp_avg/<param>}), live views: copy before changing them. */
    Map<String, INDArray> state();

    /** Restores {@link #state()}; every tensor must be present with the right shape. */
    void loadState(Map<String, INDArray> state);
}
