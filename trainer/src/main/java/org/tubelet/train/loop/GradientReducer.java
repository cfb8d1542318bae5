package org.tubelet.train.loop;

import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.train.optim.Param;

/**
 * Where the replicas of a data-parallel run meet: between the gradient computation and the optimiser update
 * ({@link #sum}), and after each step's listeners ({@link #agreeOnStop}, which is also the barrier after rank 0's
 * checkpoints). With {@link #SINGLE} (one process) the loop is exactly the single-process loop.
 *
 * <p>Rank {@code r} of {@code N} computes global micro-batches {@code r·A … r·A+A−1} of every step ({@code A} = the
 * recipe's accumulation, global accumulation {@code N·A}): the same batches, dropout seeds and masks a single process
 * accumulating {@code N·A} micro-batches uses, so the two runs are the same computation split differently.
 */
public interface GradientReducer {

    /** One process: nothing to exchange. */
    GradientReducer SINGLE = new GradientReducer() {
        @Override
        public int ranks() {
            return 1;
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public void sum(List<INDArray> gradients, double[] totals) {
        }

        @Override
        public String agreeOnStop(String mine) {
            return mine;
        }
    };

    /** Number of replicas. */
    int ranks();

    /** This replica, in [0, ranks); rank 0 evaluates, writes checkpoints, metrics and progress. */
    int rank();

    /**
     * Replaces every array and every total by its sum over the ranks; afterwards every rank holds the same bits.
     *
     * @param gradients this rank's gradient sums over its micro-batches, one per parameter, in parameter order
     * @param totals small per-rank totals (loss sum, clips), summed in rank order in double precision
     */
    void sum(List<INDArray> gradients, double[] totals) throws IOException;

    /**
     * Called by every rank after each step's listeners: returns rank 0's stop reason (null to go on), so that all
     * ranks stop together. Every rank waits here for rank 0 to finish its evaluation and checkpoint.
     */
    String agreeOnStop(String mine) throws IOException;

    /**
     * Called by every rank after each update, with the step just done: a reducer may compare the ranks' weights and
     * fail when they diverged.
     */
    default void afterUpdate(long step, List<Param> params) throws IOException {
    }
}
