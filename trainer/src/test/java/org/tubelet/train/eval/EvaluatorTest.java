package org.tubelet.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;
import org.tubelet.train.data.SyntheticData;
import org.tubelet.train.data.SyntheticMotion;

/** Multi-view evaluation averages the softmax of each video's views; the metrics follow from the averages. */
class EvaluatorTest {

    @Test
    void averagesSoftmaxPerVideoAcrossViewsAndBatches() {
        ModelGraph g = TinyModels.vivit(3, 4);
        int videos = 5;
        int views = 3;
        // Views of one video spread over several batches, in shuffled order.
        List<long[]> order = new ArrayList<>();
        for (int v = 0; v < videos; v++) {
            for (int k = 0; k < views; k++) {
                order.add(new long[]{v, k});
            }
        }
        java.util.Collections.shuffle(order, new java.util.Random(1));
        Nd4j.getRandom().setSeed(2);
        INDArray all = Nd4j.randn(DataType.FLOAT, videos * views, 4, 3, 16, 16);
        long[] labels = {0, 1, 2, 1, 0};
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += 4) {
            int n = Math.min(4, order.size() - start);
            INDArray x = Nd4j.create(DataType.FLOAT, n, 4, 3, 16, 16);
            long[] ids = new long[n];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                long[] vk = order.get(start + i);
                x.putSlice(i, all.slice(vk[0] * views + vk[1]));
                ids[i] = vk[0];
                y[i] = labels[(int) vk[0]];
            }
            batches.add(new Batch(x, Nd4j.createFromArray(y), ids, 0, batches.size()));
        }
        EvalResult r = Evaluator.evaluate(g, data(batches, videos, views));

        // Reference: softmax of each view computed in one pass, averaged per video.
        String name = g.outputs().logits().name();
        INDArray logits = g.sd().output(g.feeds(all, null, null, false), List.of(name)).get(name)
                .castTo(DataType.DOUBLE);
        long[][] confusion = new long[3][3];
        int correct = 0;
        for (int v = 0; v < videos; v++) {
            double[] mean = new double[3];
            for (int k = 0; k < views; k++) {
                double[] p = Evaluator.softmax(logits.getRow(v * views + k).toDoubleVector());
                for (int c = 0; c < 3; c++) {
                    mean[c] += p[c] / views;
                }
            }
            int pred = Evaluator.argmax(mean);
            confusion[(int) labels[v]][pred]++;
            correct += pred == labels[v] ? 1 : 0;
        }
        assertEquals(correct / (double) videos, r.top1(), 1e-12);
        assertEquals(1.0, r.top5(), "three classes: always in the top five");
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(confusion[c], r.confusion()[c]);
        }
        assertEquals(videos, r.videos());
        assertEquals(views, r.viewsPerVideo());
        assertEquals(4, r.confusionCsv().lines().count());
    }

    @Test
    void syntheticMultiViewDataCoversEveryVideoWithEveryView() {
        SyntheticData d = new SyntheticData(new SyntheticMotion(4, 12, 24, 1), 8, 6, 4, 2, 16, List.of(.5, .5, .5),
                List.of(.5, .5, .5));
        EvalData val = d.val(5, 2, 3);
        Map<Long, Integer> seen = new java.util.HashMap<>();
        for (Iterator<Batch> it = val.batches(); it.hasNext(); ) {
            Batch b = it.next();
            assertArrayEquals(new long[]{b.size(), 4, 3, 16, 16}, b.pixels().shape());
            for (long id : b.videoIds()) {
                seen.merge(id, 1, Integer::sum);
            }
        }
        assertEquals(6, seen.size());
        seen.values().forEach(n -> assertEquals(6, n, "2 clips x 3 crops"));
        EvalResult r = Evaluator.evaluate(TinyModels.vivitSized(4, 16, 4), val);
        assertEquals(6, r.videos());
        assertEquals(6, r.viewsPerVideo());
    }

    private static EvalData data(List<Batch> batches, int videos, int views) {
        return new EvalData() {
            @Override
            public int numVideos() {
                return videos;
            }

            @Override
            public int viewsPerVideo() {
                return views;
            }

            @Override
            public List<String> classNames() {
                return List.of("a", "b", "c");
            }

            @Override
            public Iterator<Batch> batches() {
                return batches.iterator();
            }
        };
    }
}
