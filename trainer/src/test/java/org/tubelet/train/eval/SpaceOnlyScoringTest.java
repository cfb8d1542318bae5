package org.tubelet.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;
import org.tubelet.testing.ListEvalData;
import org.tubelet.train.data.Batch;

/**
 * TimeSformer {@code space_only} classifies every frame (B·T rows of logits): a clip is scored on the mean of its
 * frames' softmax, in evaluation as in prediction.
 */
class SpaceOnlyScoringTest {
    static final int FRAMES = 4;

    @Test
    void clipProbabilitiesAreTheMeanOfTheirRowsSoftmax() {
        INDArray logits = Nd4j.createFromArray(new double[][]{{0, 1}, {2, 0}, {1, 1}, {0, 3}});
        double[][] p = ClipScores.probabilities(logits, 2);
        double e1 = Math.E;
        double e2 = Math.exp(2);
        double e3 = Math.exp(3);
        assertArrayEquals(new double[]{(1 / (1 + e1) + e2 / (e2 + 1)) / 2, (e1 / (1 + e1) + 1 / (e2 + 1)) / 2}, p[0],
                1e-12);
        assertArrayEquals(new double[]{(0.5 + 1 / (1 + e3)) / 2, (0.5 + e3 / (1 + e3)) / 2}, p[1], 1e-12);
        assertEquals(4, ClipScores.probabilities(logits, 1).length, "one row per clip");
        assertThrows(IllegalArgumentException.class, () -> ClipScores.probabilities(logits, 3));
    }

    @Test
    void evaluationScoresEachViewOnItsFramesAverage() {
        TimesformerConfig c = new TimesformerConfig(16, 8, 3, FRAMES, new EncoderFields(16, 1, 2, 32, Activation.GELU,
                0, 0, 0.5, 1e-6, true), AttentionType.SPACE_ONLY, HfMeta.defaults(List.of())
                .withLabels(HfMeta.defaultLabels(3)));
        ModelGraph g = Models.create(c, Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, 3);
        int videos = 6;
        int views = 2;
        long[] labels = {0, 1, 2, 0, 1, 2};
        Nd4j.getRandom().setSeed(9);
        INDArray all = Nd4j.randn(DataType.FLOAT, videos * views, FRAMES, 3, 16, 16);   // view k of video v: v·2 + k
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < videos * views; start += 5) {                   // batches cut across videos
            int n = Math.min(5, videos * views - start);
            long[] ids = new long[n];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = (start + i) / views;
                y[i] = labels[(int) ids[i]];
            }
            batches.add(new Batch(all.get(NDArrayIndex.interval(start, start + n)).dup(), Nd4j.createFromArray(y), ids,
                    0, batches.size()));
        }
        EvalResult r = Evaluator.evaluate(g, new ListEvalData(batches, videos, views, List.of("a", "b", "c")));

        // Reference: a frame's probabilities from the model run on that frame alone (repeated to a clip), the view's
        // the mean over its frames, the video's the mean over its views.
        long[][] confusion = new long[3][3];
        int correct = 0;
        double loss = 0;
        for (int v = 0; v < videos; v++) {
            double[] video = new double[3];
            for (int k = 0; k < views; k++) {
                double[] view = new double[3];
                for (int t = 0; t < FRAMES; t++) {
                    INDArray frame = all.get(NDArrayIndex.point((long) v * views + k), NDArrayIndex.point(t));
                    INDArray still = Nd4j.stack(0, frame, frame, frame, frame).reshape(1, FRAMES, 3, 16, 16);
                    INDArray logits = GraphRuns.outputs(g, g.feeds(still, null, null, false), g.outputs().logits())
                            .get("logits");                                            // [T, K], all rows alike
                    double[] p = Evaluator.softmax(logits.getRow(0).castTo(DataType.DOUBLE).toDoubleVector());
                    for (int j = 0; j < 3; j++) {
                        view[j] += p[j] / FRAMES;
                    }
                }
                loss -= Math.log(view[(int) labels[v]]) / (videos * views);
                for (int j = 0; j < 3; j++) {
                    video[j] += view[j] / views;
                }
            }
            int pred = Evaluator.argmax(video);
            confusion[(int) labels[v]][pred]++;
            correct += pred == labels[v] ? 1 : 0;
        }
        assertEquals(correct / (double) videos, r.top1(), 1e-12);
        assertEquals(loss, r.loss(), 1e-5);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(confusion[k], r.confusion()[k], "confusion row " + k);
        }
        assertEquals(videos, r.videos());
    }
}
