package org.tubelet.train.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class probabilities per clip from a model's logits. Most models give one row of logits per clip; TimeSformer
 * {@code space_only} classifies every frame, as HF does, so a clip has T consecutive rows ({@code b·T + t}). A clip's
 * probabilities are the mean of the softmax of its rows (the frame-averaged prediction of the TimeSformer paper's
 * space-only baseline); every place that scores clips (evaluation, prediction) goes through here.
 */
public final class ClipScores {
    private ClipScores() {
    }

    /**
     * @param logits [clips·rowsPerClip, K]
     * @param rowsPerClip rows of one clip ({@link org.tubelet.models.ModelConfig#labelRowsPerClip})
     * @return [clips][K] probabilities
     */
    public static double[][] probabilities(INDArray logits, int rowsPerClip) {
        long rows = logits.size(0);
        if (rowsPerClip < 1 || rows % rowsPerClip != 0) {
            throw new IllegalArgumentException(rows + " rows of logits are not clips of " + rowsPerClip + " rows each");
        }
        int clips = (int) (rows / rowsPerClip);
        int k = (int) logits.size(1);
        double[][] l = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] p = new double[clips][k];
        for (int c = 0; c < clips; c++) {
            for (int r = 0; r < rowsPerClip; r++) {
                double[] s = Evaluator.softmax(l[c * rowsPerClip + r]);
                for (int j = 0; j < k; j++) {
                    p[c][j] += s[j] / rowsPerClip;
                }
            }
        }
        return p;
    }
}
