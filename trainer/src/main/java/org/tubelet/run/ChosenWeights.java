package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Path;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.GraphOps;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.zoo.Models;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * A model folder loaded with the weights a command asked for ({@code --weights raw|ema|auto}, see
 * {@link Checkpoints#weightsFile}).
 *
 * @param graph the model
 * @param weights which weights it holds: {@link Checkpoints.Weights#RAW} or {@link Checkpoints.Weights#EMA}
 */
record ChosenWeights(ModelGraph graph, Checkpoints.Weights weights) {

    /** Builds the folder's model with {@code ops} and loads the chosen weights file (only that one) into it. */
    static ChosenWeights load(Path folder, Checkpoints.Weights choice, GraphOps ops) throws IOException {
        Path file = Checkpoints.weightsFile(folder, choice);
        ModelGraph g = HfCheckpoint.load(folder, null, Models.DEFAULT_MASK, ops, file);
        return new ChosenWeights(g, file.getFileName().toString().equals(HfCheckpoint.WEIGHTS)
                ? Checkpoints.Weights.RAW : Checkpoints.Weights.EMA);
    }
}
