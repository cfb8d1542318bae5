package org.tubelet.train.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.datasets.Seeds;
import org.tubelet.engine.GraphSessions;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;

/**
 * VideoMAE on held-out clips with <b>fixed masks</b>: view {@code v} of validation video {@code i} is always masked
 * the same way (drawn from (seed, i, v) alone), so the validation loss of two evaluations and the reconstructions of
 * two pictures differ only because the model changed. Runs the pretraining graph in inference mode (no dropout) and
 * reads the training loss itself, the model's own reconstruction loss.
 *
 * <p>Dimensions: B clips, N tokens, Nm masked tokens per clip, P values per patch.
 */
public final class MaskedReconstruction {
    private static final long VALIDATION = 0x56414C4DL;   // "VALM"

    private final TubeMaskGenerator masks;
    private final long seed;

    /**
     * @param masks how masks are drawn (the training run's ratio and type; the graph is built for its count)
     * @param seed  the run's seed
     */
    public MaskedReconstruction(TubeMaskGenerator masks, long seed) {
        this.masks = masks;
        this.seed = seed;
    }

    /** The fixed mask of view {@code view} of video {@code video}: [N], true = masked. */
    public boolean[] mask(long video, int view) {
        return masks.one(Seeds.of(seed, VALIDATION, video, view));
    }

    /**
     * What the model predicts for clips under given masks.
     *
     * @param predictions [B, Nm, P] the decoder's output for the masked tokens, in increasing token order
     * @param loss        the model's loss on these clips (mean over clips, masked tokens and values)
     */
    public record Output(INDArray predictions, double loss) {
    }

    /**
     * @param pixels [B, T, C, H, W] model input
     * @param clipMasks [B][N] true = masked, each with the graph's count
     */
    public static Output run(ModelGraph g, INDArray pixels, boolean[][] clipMasks) {
        if (g.outputs().pretraining() == null) {
            throw new IllegalArgumentException(g.architecture().hfClass() + " is not VideoMAEForPreTraining: it has "
                    + "no decoder to reconstruct with");
        }
        String logits = g.outputs().logits().name();
        String loss = g.outputs().loss().name();
        Map<String, INDArray> out = GraphSessions.output(g.sd(),
                g.feeds(pixels, null, TubeMaskGenerator.asArray(clipMasks), false), List.of(logits, loss));
        return new Output(out.get(logits), out.get(loss).getDouble(0));
    }

    /**
     * The validation loss: the mean of the model's loss over every view of every video, each with its fixed mask.
     */
    public EvalResult evaluate(ModelGraph g, EvalData data) {
        double sum = 0;
        long clips = 0;
        Map<Long, Integer> viewsSeen = new HashMap<>();
        for (Iterator<Batch> it = data.batches(); it.hasNext(); ) {
            Batch b = it.next();
            boolean[][] m = new boolean[b.size()][];
            for (int i = 0; i < b.size(); i++) {
                long video = b.videoIds()[i];
                int view = viewsSeen.merge(video, 1, Integer::sum) - 1;
                m[i] = mask(video, view);
            }
            sum += run(g, b.pixels(), m).loss() * b.size();   // the graph's loss is a mean over its batch
            clips += b.size();
        }
        GraphSessions.freeInferenceMemory(g.sd());           // training goes on after an evaluation
        return EvalResult.reconstruction(clips == 0 ? Double.NaN : sum / clips, viewsSeen.size(),
                data.viewsPerVideo());
    }

    /**
     * The first view of the first {@code count} videos of {@code data} (fewer when it has fewer), for pictures.
     *
     * @return the clips [n, T, C, H, W] and their video ids
     */
    public static Clips firstViews(EvalData data, int count) {
        List<INDArray> rows = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Iterator<Batch> it = data.batches(); it.hasNext() && rows.size() < count; ) {
            Batch b = it.next();
            for (int i = 0; i < b.size() && rows.size() < count; i++) {
                if (!ids.contains(b.videoIds()[i])) {
                    ids.add(b.videoIds()[i]);
                    rows.add(b.pixels().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup());
                }
            }
        }
        return Clips.of(rows, ids);
    }

    /**
     * Clips to reconstruct with their video ids (view 0 of each).
     *
     * @param pixels [n, T, C, H, W]
     * @param videoIds [n]
     */
    public record Clips(INDArray pixels, long[] videoIds) {
        static Clips of(List<INDArray> rows, List<Long> ids) {
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no clips to reconstruct");
            }
            INDArray[] expanded = rows.stream().map(r -> r.reshape(prepend(r.shape()))).toArray(INDArray[]::new);
            return new Clips(org.nd4j.linalg.factory.Nd4j.concat(0, expanded),
                    ids.stream().mapToLong(Long::longValue).toArray());
        }

        /** The first {@code count} clips of a batch (fewer when it is smaller). */
        public static Clips of(Batch b, int count) {
            List<INDArray> rows = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < Math.min(count, b.size()); i++) {
                rows.add(b.pixels().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup());
                ids.add(b.videoIds()[i]);
            }
            return of(rows, ids);
        }

        private static long[] prepend(long[] shape) {
            long[] s = new long[shape.length + 1];
            s[0] = 1;
            System.arraycopy(shape, 0, s, 1, shape.length);
            return s;
        }

        /** The fixed masks of these clips (view 0 of each video). */
        public boolean[][] masks(MaskedReconstruction r) {
            boolean[][] m = new boolean[videoIds.length][];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.mask(videoIds[i], 0);
            }
            return m;
        }
    }
}
