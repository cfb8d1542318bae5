package org.tubelet.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tubelet.datasets.augment.DoubleRange;
import org.tubelet.models.ModelConfig;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.MixupSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.data.MixedBatches;
import org.tubelet.train.data.RankShare;
import org.tubelet.train.data.Mixup;
import org.tubelet.train.data.SyntheticData;
import org.tubelet.train.data.SyntheticMotion;

/** Opens a recipe's {@code data:} as the trainer's batch sources. */
final class Datasets {

    private Datasets() {
    }

    /**
     * Whether the recipe has validation data: synthetic data always does; files when {@code data.val} exists (a
     * pretraining recipe may have none).
     */
    static boolean hasValidation(Recipe r) {
        DataSection d = r.data();
        if (d.format() == DataSection.Format.SYNTHETIC) {
            return true;
        }
        if (d.val() == null || d.root() == null) {
            return false;
        }
        Path val = Path.of(d.root()).resolve(d.val());
        boolean generated = VideoData.willGenerate(d);                   // the generator writes val too
        if (!generated && !Files.exists(val)) {
            org.apache.logging.log4j.LogManager.getLogger(Datasets.class).info("data.val = {}: {} not found; no "
                    + "validation", d.val(), val);
            return false;
        }
        return true;
    }

    static DataSources open(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal, DataSection.Views views)
            throws Exception {
        return open(r, model, wantTrain, wantVal, views, RankShare.ALL);
    }

    /** As above, for one replica of a data-parallel run: its training loader decodes only its own batches. */
    static DataSources open(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal, DataSection.Views views,
                            RankShare share) throws Exception {
        return withMixing(r, unmixed(r, model, wantTrain, wantVal, views, share));
    }

    /** The training batches mixed by {@code data.mixup} (label smoothing folded into the targets), when it is on. */
    private static DataSources withMixing(Recipe r, DataSources data) {
        MixupSection m = r.data().mixup();
        if (!m.enabled() || data.train() == null) {
            return data;
        }
        DoubleRange minmax = m.cutmixMinmax() == null ? null
                : new DoubleRange(m.cutmixMinmax().get(0), m.cutmixMinmax().get(1));
        Mixup mixup = new Mixup(m.mixupAlpha(), m.cutmixAlpha(), minmax, m.prob(), m.switchProb(), m.mode(),
                m.correctLam(), r.train().labelSmoothing(), data.classNames().size());
        return new DataSources(data.classNames(), new MixedBatches(data.train(), mixup, r.train().seed()), data.val());
    }

    private static DataSources unmixed(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal,
                                       DataSection.Views views, RankShare share) throws Exception {
        DataSection d = r.data();
        int frames = d.sampler().frames() > 0 ? d.sampler().frames() : model.numFrames();
        if (frames != model.numFrames()) {
            throw new IllegalArgumentException(r.source() + ": data.sampler.frames = " + frames
                    + " but the model takes num_frames = " + model.numFrames());
        }
        if (d.format() == DataSection.Format.SYNTHETIC) {
            DataSection.Synthetic s = d.synthetic();
            int size = s.size() > 0 ? s.size() : model.imageSize();
            SyntheticData data = new SyntheticData(new SyntheticMotion(s.classes(), s.frames(), size, s.seed()),
                    s.trainVideos(), s.valVideos(), frames, d.sampler().stride(), model.imageSize(),
                    d.processor().imageMean(), d.processor().imageStd());
            return new DataSources(data.classNames(),
                    wantTrain ? data.train(d.batchSize(), r.train().seed(), d.repeatedAug()) : null,
                    wantVal ? data.val(d.evalBatchSize(), views.clips(), views.crops()) : null);
        }
        VideoData.generateIfMissing(d);
        Path root = Path.of(d.root());
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data.root = " + root + ": folder not found. "
                    + RecipeAnnotations.layoutHelp(d));
        }
        for (String f : new String[]{wantTrain ? d.train() : null, wantVal ? d.val() : null}) {
            if (f != null && !Files.exists(root.resolve(f))) {
                throw new IllegalArgumentException("data: " + root.resolve(f) + " not found. "
                        + RecipeAnnotations.layoutHelp(d));
            }
        }
        return VideoData.open(r, model, wantTrain, wantVal, views, share);
    }
}
