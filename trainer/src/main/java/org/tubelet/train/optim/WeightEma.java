package org.tubelet.train.optim;

import static org.tubelet.models.ConfigException.require;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;

/**
 * The exponential moving average of the weights (Polyak averaging, as timm's {@code ModelEmaV2} and the DeiT /
 * VideoMAE fine-tuning recipes keep it): after every {@code everySteps}-th optimiser step,
 * {@code ema ← decay·ema + (1 − decay)·w} for every tensor of the model, starting from the weights the run starts
 * with. Kept in float32 outside the graph; the graph trains the raw weights and is never touched except by
 * {@link #evaluateWith}.
 *
 * <p>Every tensor of our models is a trainable float parameter (the models hold no integer buffers such as batch
 * norm's {@code num_batches_tracked}, which timm copies instead of averaging), so the average covers the whole
 * {@link org.tubelet.models.WeightLayout}.
 */
public final class WeightEma {
    private final Settings settings;
    private final List<Param> params;
    private final Map<String, INDArray> average = new LinkedHashMap<>();
    private final Map<String, INDArray> scratch = new LinkedHashMap<>();   // (1 − d)·w, allocated once

    /**
     * How the average is kept.
     *
     * @param decay the weight of the old average per update, in [0, 1)
     * @param everySteps update after every N-th optimiser step (steps N, 2N, ...)
     * @param eval whether evaluations during training (and so the best checkpoint and early stopping) use the
     *     average instead of the raw weights; {@code export} then writes the average by default
     */
    public record Settings(double decay, int everySteps, boolean eval) {
        public Settings {
            require(decay >= 0 && decay < 1, "decay", decay, "must be in [0, 1)");
            require(everySteps >= 1, "every_steps", everySteps, "must be at least 1");
        }
    }

    /** Starts the average at the current weights of {@code params} (the graph's own arrays). */
    public WeightEma(Settings settings, List<Param> params) {
        this.settings = settings;
        this.params = List.copyOf(params);
        for (Param p : params) {
            average.put(p.name(), p.value().castTo(DataType.FLOAT).dup());
            scratch.put(p.name(), Nd4j.create(DataType.FLOAT, p.value().shape()));
        }
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Called after optimiser step {@code step} (1-based): folds the current weights into the average when the step
     * is a multiple of {@code everySteps}.
     *
     * @return whether the average changed
     */
    public boolean afterStep(long step) {
        if (step % settings.everySteps() != 0) {
            return false;
        }
        double d = settings.decay();
        for (Param p : params) {
            INDArray w = scratch.get(p.name()).assign(p.value()).muli(1 - d);     // float32 even in a float64 graph
            average.get(p.name()).muli(d).addi(w);                         // ema ← d·ema + (1 − d)·w
        }
        return true;
    }

    /** The average per parameter name, in the graph's shapes (live arrays: copy before changing them). */
    public Map<String, INDArray> weights() {
        return Collections.unmodifiableMap(average);
    }

    /** The average under the HF names and shapes of the model's layout (for {@code ema.safetensors}). */
    public Map<String, HostTensor> stateDict(ModelGraph g) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (TensorMapping t : g.layout().tensors()) {
            out.put(t.name(), NdArrays.toHost(tensor(t.name())).reshape(t.hfShape()));
        }
        return out;
    }

    /**
     * Replaces the average by a saved one (HF names and shapes, as {@link #stateDict} wrote it); every parameter must
     * be there with its shape.
     *
     * @param source the file, for messages
     */
    public void load(Map<String, HostTensor> saved, ModelGraph g, String source) {
        for (TensorMapping t : g.layout().tensors()) {
            HostTensor h = saved.get(t.name());
            if (h == null || !Arrays.equals(h.shape(), t.hfShape())) {
                throw new IllegalArgumentException(source + ": EMA weights do not match the model: " + t.name()
                        + (h == null ? " is missing" : " has shape " + Arrays.toString(h.shape()) + ", expected "
                        + Arrays.toString(t.hfShape())));
            }
        }
        if (saved.size() != g.layout().size()) {
            throw new IllegalArgumentException(source + ": EMA weights hold " + saved.size() + " tensors, the model "
                    + g.layout().size());
        }
        for (TensorMapping t : g.layout().tensors()) {
            tensor(t.name()).assign(NdArrays.toNd(saved.get(t.name())).castTo(DataType.FLOAT)
                    .reshape(t.graphShape()));
        }
    }

    /**
     * Runs {@code work} (an evaluation) with the average in the graph's parameter arrays, then puts the raw weights
     * back, bit for bit, into the same arrays (training sessions keep referring to them).
     */
    public <T> T evaluateWith(Callable<T> work) throws Exception {
        Map<String, INDArray> raw = new LinkedHashMap<>();
        for (Param p : params) {
            raw.put(p.name(), p.value().dup());
        }
        try {
            for (Param p : params) {
                p.value().assign(average.get(p.name()));
            }
            return work.call();
        } finally {
            for (Param p : params) {
                p.value().assign(raw.get(p.name()));
            }
        }
    }

    private INDArray tensor(String name) {
        INDArray a = average.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no EMA for parameter '" + name + "'");
        }
        return a;
    }

    @Override
    public String toString() {
        return "EMA(decay=" + settings.decay() + ", every_steps=" + settings.everySteps() + ", eval="
                + settings.eval() + ")";
    }
}
