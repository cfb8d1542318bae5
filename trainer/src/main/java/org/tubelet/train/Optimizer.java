package org.tubelet.train;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Updates parameters in place from their gradients; its state goes into checkpoints. */
public interface Optimizer {

    /**
     * One update.
     *
     * @param params the parameters, updated in place
     * @param grads gradient per parameter name (same shapes)
     * @param lr learning rate of this step
     * @param t 1-based number of this update (AdamW's bias correction)
     */
    void step(List<Param> params, Map<String, INDArray> grads, double lr, long t);

    /** State tensors by name (e.g. {@code exp_avg/<param>}), live views: copy before changing them. */
    Map<String, INDArray> state();

    /** Restores {@link #state()}; every tensor must be present with the right shape. */
    void loadState(Map<String, INDArray> state);
}
