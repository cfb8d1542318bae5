package org.tubelet.models;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A built model: the SameDiff graph and typed handles to its inputs, outputs and parameters. Running it is the
 * engine's ({@link org.tubelet.engine.GraphSessions}).
 *
 * @param config the config it was built from
 * @param architecture the HF class it mirrors
 * @param layout its trainable tensors (names, shapes)
 * @param inputs placeholders
 * @param outputs what the HF class returns
 * @param params trainable variables by tensor name, in layout order
 */
public record ModelGraph(SameDiff sd, ModelConfig config, Architecture architecture, WeightLayout layout,
                         Inputs inputs, Outputs outputs, Map<String, SDVariable> params) {

    /**
     * Placeholders. {@code labels}, {@code boolMaskedPos} and {@code training} are null when the model has none.
     *
     * @param pixelValues [B, T, C, H, W] float
     * @param labels [B] int64 class indices (float for regression)
     * @param boolMaskedPos [B, N] mask, 1 = masked (VideoMAE)
     * @param training scalar, 1 in training and 0 in inference (present only when the graph has dropout/drop path)
     */
    public record Inputs(SDVariable pixelValues, SDVariable labels, SDVariable boolMaskedPos, SDVariable training) {
    }

    /**
     * What the HF class returns; absent outputs are null.
     *
     * @param lastHiddenState [B, S, D]
     * @param hiddenStates embedding output and each layer's output (before the final norm), each [B, S, D]
     * @param poolerOutput [B, D]
     * @param logits [B, numLabels]
     * @param loss scalar
     */
    public record Outputs(SDVariable lastHiddenState, List<SDVariable> hiddenStates, SDVariable poolerOutput,
                          SDVariable logits, SDVariable loss, Pretraining pretraining) {

        public Outputs(SDVariable lastHiddenState, List<SDVariable> hiddenStates, SDVariable poolerOutput,
                       SDVariable logits, SDVariable loss) {
            this(lastHiddenState, hiddenStates, poolerOutput, logits, loss, null);
        }

        public Optional<SDVariable> pooler() {
            return Optional.ofNullable(poolerOutput);
        }

        public Optional<SDVariable> logitsOpt() {
            return Optional.ofNullable(logits);
        }

        public Optional<SDVariable> lossOpt() {
            return Optional.ofNullable(loss);
        }
    }

    /**
     * VideoMAE pretraining intermediates (HF computes them inside {@code forward}).
     *
     * @param decoderInput [B, N, Dd]: visible tokens (index order) then one mask token per masked position
     * @param targetPatches [B, Nm, tubelet·p·p·C]: the masked patches in HF's (dt, ph, pw, c) order, normalised per
     *                      patch when {@code norm_pix_loss}
     * @param maskedTokens Nm, the masked tokens per clip this graph was built for
     */
    public record Pretraining(SDVariable decoderInput, SDVariable targetPatches, int maskedTokens) {
    }

    /**
     * The placeholder values for one batch.
     *
     * @param pixelValues [B, T, C, H, W]
     * @param labels [B] or null
     * @param boolMaskedPos [B, N] or null
     * @param training whether stochastic blocks are active
     */
    public Map<String, INDArray> feeds(INDArray pixelValues, INDArray labels, INDArray boolMaskedPos,
                                       boolean training) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(inputs.pixelValues().name(), pixelValues.castTo(inputs.pixelValues().dataType()));
        if (labels != null) {
            if (inputs.labels() == null) {
                throw new IllegalArgumentException(architecture.hfClass() + " takes no labels");
            }
            int rows = config.labelRowsPerClip();
            if (rows > 1 && labels.length() == pixelValues.size(0)) {
                // One label per clip for a model that classifies every frame: repeat it for each frame.
                labels = repeatRows(labels, rows);
            }
            feeds.put(inputs.labels().name(), labels.castTo(inputs.labels().dataType()));
        }
        if (boolMaskedPos != null) {
            if (inputs.boolMaskedPos() == null) {
                throw new IllegalArgumentException(architecture.hfClass() + " takes no bool_masked_pos");
            }
            feeds.put(inputs.boolMaskedPos().name(), boolMaskedPos.castTo(inputs.boolMaskedPos().dataType()));
        }
        if (inputs.training() != null) {
            feeds.put(inputs.training().name(), Nd4j.scalar(inputs.training().dataType(), training ? 1.0 : 0.0));
        }
        return feeds;
    }

    /**
     * A per-clip array [B, ...] as the label rows of a model that classifies every frame: [B·rows, ...], where row
     * {@code b·rows + r} is row {@code b} (a clip's frames share its label or target).
     */
    public static INDArray repeatRows(INDArray perClip, int rows) {
        long[] shape = perClip.shape();
        long[] withRows = new long[shape.length + 1];                  // [B, 1, ...]
        withRows[0] = shape[0];
        withRows[1] = 1;
        System.arraycopy(shape, 1, withRows, 2, shape.length - 1);
        long[] out = shape.clone();                                    // [B·rows, ...]
        out[0] = shape[0] * rows;
        return perClip.reshape(withRows).repeat(1, rows).reshape(out);
    }

    /**
     * Seeds the graph's random ops (dropout, drop path) for the next executions; no-op for a graph without them.
     * Same seed, same masks: the trainer passes one seed per (run seed, step, micro-batch).
     */
    public void reseedRandomOps(long seed) {
        RandomOps r = RandomOps.find(sd);
        if (r != null) {
            r.reseed(seed);
        }
    }

    /**
     * Replaces a parameter's value, converted to the parameter's data type (float32 weights go into a
     * {@link GraphOps#FLOAT64} graph as float64).
     *
     * @param value the parameter's graph shape
     */
    public void setParamValue(String name, INDArray value) {
        SDVariable v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        v.setArray(value.castTo(v.dataType()));
    }

    /** Current value of a parameter (a view; copy it before changing the graph). */
    public INDArray paramValue(String name) {
        SDVariable v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return v.getArr();
    }
}
