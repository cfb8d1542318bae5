package org.tubelet.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Seven classes, so that top-5 can miss: top-1, top-5 (the label among the five highest averages), mean class
     * accuracy (top-1 per class, averaged over the classes that have videos) and the confusion matrix, from softmax
     * averages computed here in one pass.
     */
    @Test
    void averagesSoftmaxPerVideoAcrossViewsAndBatches() {
        int k = 7;
        ModelGraph g = TinyModels.vivit(k, 4);
        int videos = 12;
        int views = 3;
        // Views of one video spread over several batches, in shuffled order.
        List<long[]> order = new ArrayList<>();
        for (int v = 0; v < videos; v++) {
            for (int view = 0; view < views; view++) {
                order.add(new long[]{v, view});
            }
        }
        java.util.Collections.shuffle(order, new java.util.Random(1));
        Nd4j.getRandom().setSeed(2);
        INDArray all = Nd4j.randn(DataType.FLOAT, videos * views, 4, 3, 16, 16).muli(3);
        long[] labels = {0, 1, 2, 1, 0, 3, 4, 5, 6, 6, 2, 5};
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
        EvalResult r = Evaluator.evaluate(g, data(batches, videos, views, k));

        // Reference: softmax of each view computed in one pass, averaged per video.
        String name = g.outputs().logits().name();
        INDArray logits = g.sd().output(g.feeds(all, null, null, false), List.of(name)).get(name)
                .castTo(DataType.DOUBLE);
        long[][] confusion = new long[k][k];
        int correct = 0;
        int inTop5 = 0;
        int[] perClass = new int[k];
        int[] rightPerClass = new int[k];
        for (int v = 0; v < videos; v++) {
            double[] mean = new double[k];
            for (int view = 0; view < views; view++) {
                double[] p = Evaluator.softmax(logits.getRow(v * views + view).toDoubleVector());
                for (int c = 0; c < k; c++) {
                    mean[c] += p[c] / views;
                }
            }
            int label = (int) labels[v];
            Integer[] ranked = java.util.stream.IntStream.range(0, k).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(ranked, (a, b) -> Double.compare(mean[b], mean[a]));      // highest first
            int pred = ranked[0];
            confusion[label][pred]++;
            correct += pred == label ? 1 : 0;
            inTop5 += java.util.Arrays.asList(ranked).subList(0, 5).contains(label) ? 1 : 0;
            perClass[label]++;
            rightPerClass[label] += pred == label ? 1 : 0;
        }
        double classAcc = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            if (perClass[c] > 0) {
                classAcc += rightPerClass[c] / (double) perClass[c];
                classes++;
            }
        }
        assertEquals(correct / (double) videos, r.top1(), 1e-12);
        assertEquals(inTop5 / (double) videos, r.top5(), 1e-12);
        assertTrue(inTop5 < videos && inTop5 > correct, "this case tells top-5 from 'always' and from top-1: "
                + inTop5 + " of " + videos + " in the top five, " + correct + " first");
        assertEquals(classAcc / classes, r.meanClassAccuracy(), 1e-12);
        assertNotEquals(r.top1(), r.meanClassAccuracy(), 1e-9, "classes of unequal size: not the same as top-1");
        for (int c = 0; c < k; c++) {
            assertArrayEquals(confusion[c], r.confusion()[c]);
        }
        assertEquals(videos, r.videos());
        assertEquals(views, r.viewsPerVideo());
        assertEquals(k + 1, r.confusionCsv().lines().count());
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

    private static EvalData data(List<Batch> batches, int videos, int views, int classes) {
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
                return java.util.stream.IntStream.range(0, classes).mapToObj(c -> "class" + c).toList();
            }

            @Override
            public Iterator<Batch> batches() {
                return batches.iterator();
            }
        };
    }
}
