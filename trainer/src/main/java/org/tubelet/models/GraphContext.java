package org.tubelet.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.Engine;

/**
 * What every block needs while a graph is being built: the {@link SameDiff} instance, the model's
 * {@link WeightLayout} (the only source of parameter names and shapes) and the training-mode switch.
 *
 * <p>SameDiff has no train/eval switch, so the graph gets one: a scalar float placeholder {@value #TRAINING}
 * (1 = training, 0 = inference), created only when some block is stochastic (dropout, drop path). Feed it through
 * {@link ModelGraph#feeds}.
 */
public final class GraphContext {
    /** Name of the training-mode placeholder. */
    public static final String TRAINING = "training";

    private final SameDiff sd;
    private final WeightLayout layout;
    private final boolean fusedKernels;
    private final DataType dataType;
    private final Map<String, SDVariable> params = new LinkedHashMap<>();
    private SDVariable training;

    /** @param ops whether blocks may build nodes that only Tubelet's kernels compute */
    public GraphContext(SameDiff sd, WeightLayout layout, GraphOps ops) {
        this.sd = sd;
        this.layout = layout;
        this.fusedKernels = ops.fused();
        this.dataType = ops.dataType();
        if (fusedKernels) {
            Engine.requireInstalled("a graph with fused nodes");
        }
    }

    /**
     * Whether blocks build fused nodes that Tubelet's kernels compute (e.g. a layer norm with its epsilon as one op).
     * Such a graph runs only in Tubelet's sessions with the kernels on; {@link GraphOps#STOCK} graphs have stock ops.
     */
    public boolean fusedKernels() {
        return fusedKernels;
    }

    /** The data type of parameters, floating-point placeholders and constants ({@link GraphOps#dataType()}). */
    public DataType dataType() {
        return dataType;
    }

    /** A floating-point placeholder of the graph's data type. @param shape -1 for sizes known at run time */
    public SDVariable placeHolder(String name, long... shape) {
        return sd.placeHolder(name, dataType, shape);
    }

    /** A constant of the graph's data type holding {@code value} (converted if needed). */
    public SDVariable constant(String name, INDArray value) {
        return sd.constant(name, value.castTo(dataType));
    }

    public SameDiff sd() {
        return sd;
    }

    public WeightLayout layout() {
        return layout;
    }

    /** The trainable variable for a tensor of the layout (created on first use, zero-filled until loaded). */
    public SDVariable param(String name) {
        SDVariable v = params.get(name);
        if (v == null) {
            TensorMapping t = layout.get(name);
            v = sd.var(name, Nd4j.zeros(dataType, t.graphShape()));
            params.put(name, v);
        }
        return v;
    }

    /** The variable if the layout has that tensor (e.g. a bias that {@code qkv_bias=false} removes). */
    public Optional<SDVariable> optionalParam(String name) {
        return layout.contains(name) ? Optional.of(param(name)) : Optional.empty();
    }

    /** The scalar training-mode placeholder, created on first use. */
    public SDVariable training() {
        if (training == null) {
            training = sd.placeHolder(TRAINING, dataType);
        }
        return training;
    }

    public Optional<SDVariable> trainingIfUsed() {
        return Optional.ofNullable(training);
    }

    /** Parameters in creation order. */
    public Map<String, SDVariable> params() {
        return Collections.unmodifiableMap(params);
    }

    /** Fails if the builder left a tensor of the layout unused: the layout and the graph must agree exactly. */
    public void checkAllUsed() {
        List<String> unused = layout.tensors().stream().map(TensorMapping::name)
                .filter(n -> !params.containsKey(n)).toList();
        if (!unused.isEmpty()) {
            throw new IllegalStateException("graph builder did not use these layout tensors: " + unused);
        }
    }
}
