package org.tubelet.train.loop;

import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.Seeds;
import org.tubelet.engine.Dl4jConsole;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.blocks.ClassificationHead;
import org.tubelet.models.blocks.Losses;
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

    /** Name of the placeholder {@link #softTargets} adds. */
    public static final String SOFT_TARGETS = "soft_targets";

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
        requireClassifier(g);
        SDVariable loss = g.outputs().loss();
        if (labelSmoothing > 0) {
            loss = ClassificationHead.loss("train_loss", g.outputs().logits(), g.inputs().labels(),
                    g.config().meta().numLabels(), labelSmoothing);
        }
        return new Objective(g, loss, (b, step, micro) -> g.feeds(b.pixels(), b.labels(), null, true));
    }

    /**
     * Cross-entropy against each batch's class distributions ({@link Batch#targets()}, [B, K]: mixup and cutmix with
     * label smoothing folded in), fed to a {@code soft_targets} placeholder added to the graph; rows are repeated for a
     * model that classifies every frame. The model's own loss and its hard-label path stay as they are.
     */
    public static Objective softTargets(ModelGraph g) {
        requireClassifier(g);
        int classes = g.config().meta().numLabels();
        if (classes < 2) {
            throw new IllegalArgumentException("soft targets need a classifier of at least 2 classes, got " + classes);
        }
        SDVariable targets = g.sd().placeHolder(SOFT_TARGETS, DataType.FLOAT, -1, classes);          // [R, K]
        SDVariable loss = Losses.softTargetCrossEntropy("train_loss", g.outputs().logits(), targets);
        int rows = g.config().labelRowsPerClip();
        return new Objective(g, loss, (b, step, micro) -> {
            if (b.targets() == null) {
                throw new IllegalStateException("batch " + b.index() + " of epoch " + b.epoch() + " has no soft"
                        + " targets (mixing is on: the training batches must come through MixedBatches)");
            }
            Map<String, INDArray> feeds = g.feeds(b.pixels(), b.labels(), null, true);
            INDArray t = b.targets();                                                              // [B, K]
            feeds.put(SOFT_TARGETS, rows > 1 ? ModelGraph.repeatRows(t, rows) : t);               // [B·rows, K]
            return feeds;
        });
    }

    private static void requireClassifier(ModelGraph g) {
        if (g.outputs().logits() == null || g.inputs().labels() == null) {
            throw new IllegalArgumentException(g.architecture().hfClass() + " has no classification head");
        }
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
        return new Objective(g, g.outputs().loss(), (b, step, micro) -> g.feeds(b.pixels(), null,
                TubeMaskGenerator.asArray(masks.generate(b.size(), Seeds.of(seed, 0x4D41534BL, step, micro))), true));
    }
}
