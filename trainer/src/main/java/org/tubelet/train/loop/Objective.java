package org.tubelet.train.loop;

import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.Seeds;
import org.tubelet.engine.Dl4jConsole;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.blocks.ClassificationHead;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.train.data.Batch;

/**
 * What the loop minimises: a scalar loss in the model's graph and how a batch becomes the graph's placeholder values.
 *
 * @param graph the model
 * @param loss the scalar to minimise (set as the graph's loss variable)
 * @param feeds placeholder values for a batch at a given step
 */
public record Objective(ModelGraph graph, SDVariable loss, Feeds feeds) {

    /** Placeholder values of one micro-batch. */
    @FunctionalInterface
    public interface Feeds {
        Map<String, INDArray> of(Batch batch, long step, int micro);
    }

    public Objective {
        Objects.requireNonNull(loss, "loss");
        graph.sd().setLossVariables(loss);
        Dl4jConsole.createGradFunction(graph.sd());   // without SameDiff's line per op
    }

    /**
     * Cross-entropy on the model's logits; with label smoothing a second loss (PyTorch's
     * {@code CrossEntropyLoss(label_smoothing=s)}) is added to the graph and trained instead of the model's own.
     */
    public static Objective classification(ModelGraph g, double labelSmoothing) {
        if (g.outputs().logits() == null || g.inputs().labels() == null) {
            throw new IllegalArgumentException(g.architecture().hfClass() + " has no classification head");
        }
        SDVariable loss = g.outputs().loss();
        if (labelSmoothing > 0) {
            loss = ClassificationHead.loss("train_loss", g.outputs().logits(), g.inputs().labels(),
                    g.config().meta().numLabels(), labelSmoothing);
        }
        return new Objective(g, loss, (b, step, micro) -> g.feeds(b.pixels(), b.labels(), null, true));
    }

    /**
     * Masked-video pretraining (VideoMAE): a mask per clip drawn by {@link TubeMaskGenerator} from (seed, step,
     * micro-batch), fed as {@code bool_masked_pos}; the model's own reconstruction loss. Build the graph for
     * {@code masks.maskedPerClip()} masked tokens.
     */
    public static Objective pretraining(ModelGraph g, TubeMaskGenerator masks, long seed) {
        if (g.inputs().boolMaskedPos() == null || g.outputs().loss() == null) {
            throw new IllegalArgumentException(g.architecture().hfClass()
                    + " is not a pretraining model (it takes no bool_masked_pos or has no loss)");
        }
        return new Objective(g, g.outputs().loss(), (b, step, micro) ->
                g.feeds(b.pixels(), null, maskArray(masks.generate(b.size(), Seeds.of(seed, 0x4D41534BL, step,
                        micro))), true));
    }

    /** [B][N] booleans as a [B, N] array (1 = masked). */
    static INDArray maskArray(boolean[][] masks) {
        float[][] f = new float[masks.length][masks[0].length];
        for (int b = 0; b < masks.length; b++) {
            for (int i = 0; i < masks[b].length; i++) {
                f[b][i] = masks[b][i] ? 1f : 0f;
            }
        }
        return Nd4j.create(f);
    }
}
