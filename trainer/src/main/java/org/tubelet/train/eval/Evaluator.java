package org.tubelet.train.eval;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.engine.GraphSessions;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;

/**
 * Multi-view evaluation as the video papers report it: every view (temporal clip × spatial crop) of a video goes
 * through the model in inference mode, the softmax probabilities of its views are averaged, and the video is scored
 * on the average. A view's probabilities are {@link ClipScores}' (the mean over its frames for a model that
 * classifies frames).
 */
public final class Evaluator {
    private Evaluator() {
    }

    public static EvalResult evaluate(ModelGraph g, EvalData data) {
        if (g.outputs().logits() == null) {
            throw new IllegalArgumentException(g.architecture().hfClass() + " has no logits to evaluate");
        }
        int k = g.config().meta().numLabels();
        int videos = data.numVideos();
        double[][] probSum = new double[videos][k];
        int[] label = new int[videos];
        int[] views = new int[videos];
        java.util.Arrays.fill(label, -1);
        double lossSum = 0;
        long lossCount = 0;
        String logitsName = g.outputs().logits().name();
        for (Iterator<Batch> it = data.batches(); it.hasNext(); ) {
            Batch b = it.next();
            Map<String, INDArray> out = GraphSessions.output(g.sd(), g.feeds(b.pixels(), null, null, false),
                    List.of(logitsName));
            double[][] clipProbs = ClipScores.probabilities(out.get(logitsName),
                    g.config().labelRowsPerClip());                                 // [B][K]
            long[] labels = b.labels().castTo(DataType.LONG).toLongVector();
            for (int i = 0; i < b.size(); i++) {
                double[] p = clipProbs[i];
                int v = (int) b.videoIds()[i];
                for (int c = 0; c < k; c++) {
                    probSum[v][c] += p[c];
                }
                views[v]++;
                label[v] = (int) labels[i];
                lossSum += -Math.log(Math.max(p[label[v]], 1e-45));
                lossCount++;
            }
        }
        // training goes on after an evaluation: its arrays would sit beside the training ones
        GraphSessions.freeInferenceMemory(g.sd());
        long[][] confusion = new long[k][k];
        int correct1 = 0;
        int correct5 = 0;
        int counted = 0;
        for (int v = 0; v < videos; v++) {
            if (views[v] == 0) {
                continue;
            }
            counted++;
            int pred = argmax(probSum[v]);
            confusion[label[v]][pred]++;
            if (pred == label[v]) {
                correct1++;
            }
            int higher = 0;
            for (int c = 0; c < k; c++) {
                if (probSum[v][c] > probSum[v][label[v]]) {
                    higher++;
                }
            }
            if (higher < 5) {
                correct5++;
            }
        }
        double classAccSum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            long n = 0;
            for (long x : confusion[c]) {
                n += x;
            }
            if (n > 0) {
                classAccSum += confusion[c][c] / (double) n;
                classes++;
            }
        }
        return new EvalResult(counted == 0 ? 0 : correct1 / (double) counted,
                counted == 0 ? 0 : correct5 / (double) counted, classes == 0 ? 0 : classAccSum / classes,
                lossCount == 0 ? Double.NaN : lossSum / lossCount, confusion, counted, data.viewsPerVideo(),
                data.classNames());
    }

    /** The softmax of one row of logits, in double precision. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
