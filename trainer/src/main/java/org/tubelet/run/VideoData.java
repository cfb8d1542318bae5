package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.loader.ClipLoaders;
import org.tubelet.datasets.loader.LoaderConfig;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.CachingClipSource;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.models.ModelConfig;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.data.BatchSource;
import org.tubelet.train.data.EvalData;
import org.tubelet.train.data.LoaderSource;
import org.tubelet.train.data.RankShare;
import org.tubelet.train.data.LoaderViews;

/**
 * A recipe's video-file dataset: the layout reader gives the samples, {@link ClipLoaders} wires the loaders (decode,
 * sample, augment, normalise on worker threads), {@link LoaderSource} and {@link LoaderViews} adapt them to the
 * trainer (exact positions for resume; one loader per test view).
 */
final class VideoData {
    private static final Logger LOG = LogManager.getLogger(VideoData.class);

    private VideoData() {
    }

    /** Whether {@code data.generate} asks for the synthetic dataset and {@code data.root/data.train} is missing. */
    static boolean willGenerate(DataSection d) {
        return d.generate() && !Files.exists(Path.of(d.root()).resolve(d.train()));
    }

    /** Writes the synthetic moving-shapes dataset into {@code data.root} when asked to and it is not there yet. */
    static void generateIfMissing(DataSection d) throws IOException {
        if (!willGenerate(d)) {
            return;
        }
        Path root = Path.of(d.root());
        DataSection.Synthetic s = d.synthetic();
        int size = s.size() > 0 ? s.size() : 64;
        SyntheticConfig c = new SyntheticConfig(s.classes(), Math.max(1, s.trainVideos() / s.classes()),
                Math.max(1, s.valVideos() / s.classes()), s.frames(), size, size, 25, s.seed(), VideoFormat.MP4_H264);
        long t0 = System.nanoTime();
        LOG.info("generating the synthetic motion dataset in {} ({} + {} videos)...", root,
                c.classes() * c.trainPerClass(), c.classes() * c.valPerClass());
        var ds = MovingShapes.generate(root, c, s.scene());
        LOG.info("wrote {} training and {} validation videos ({}) in {} s", ds.trainCount(),
                ds.valCount(), ds.encoder(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        if (!ds.trainList().getFileName().toString().equals(d.train())
                || !ds.valList().getFileName().toString().equals(d.val())) {
            throw new IllegalArgumentException("data.generate wrote " + ds.trainList() + " and " + ds.valList()
                    + " but data.train/data.val name " + d.train() + " and " + d.val());
        }
    }

    static DataSources open(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal,
                                DataSection.Views views, RankShare share) throws IOException {
        DataSection d = r.data();
        LayoutOptions options = RecipeAnnotations.options(r.task(), d.onError());
        DatasetIndex train = requireSamples(d, RecipeAnnotations.Split.TRAIN,
                RecipeAnnotations.readTrain(d, options));
        DatasetIndex val = wantVal ? requireSamples(d, RecipeAnnotations.Split.VAL,
                RecipeAnnotations.readVal(d, train.labels(), options)) : null;    // the training classes
        List<String> classes = train.labels().names();
        ProcessorConfig pc = Wiring.processor(d.processor(), model);
        int frames = model.numFrames();
        int crop = pc.cropSize().height();
        if (crop != model.imageSize()) {
            throw new IllegalArgumentException("data.processor.crop_size = " + crop + " but the model takes image_size "
                    + model.imageSize());
        }
        ClipSource source = d.cache() ? new CachingClipSource(ClipSource.standard()) : ClipSource.standard();
        ClipLoaders clips = new ClipLoaders(frames, d.sampler().stride(), d.sampler().type());
        BatchSource trainSource = null;
        if (wantTrain) {
            VideoLoader loader = clips.training(train.samples(), source,
                    TrainAugmentations.transform(d.augmentation(), pc, frames, classes.size()),
                    LoaderConfig.training(d.batchSize(), d.workers(), r.train().seed()).withOnError(d.onError())
                            .withRepeats(d.repeatedAug()));
            if (loader.batchesPerEpoch() == 0) {
                throw new IllegalArgumentException("data: " + train.samples().size() + " training videos are fewer "
                        + "than one batch (batch_size " + d.batchSize() + ")");
            }
            trainSource = new LoaderSource(loader, classes, share);
        }
        EvalData evalData = null;
        if (wantVal) {
            evalData = new LoaderViews(clips.testViews(val.samples(), source, pc, views.clips(), views.crops(),
                    LoaderConfig.evaluation(d.evalBatchSize(), d.workers(), r.train().seed()).withOnError(d.onError())),
                    val.samples().size(), classes);
        }
        LOG.info("data: {} training / {} validation videos, {} classes", train.samples().size(),
                val == null ? 0 : val.samples().size(), classes.size());
        return new DataSources(classes, trainSource, evalData);
    }

    /** The index, or an error naming the file when it has no readable video; logs its annotation problems. */
    private static DatasetIndex requireSamples(DataSection d, RecipeAnnotations.Split split, DatasetIndex index) {
        Path file = RecipeAnnotations.file(d, split);
        if (index.samples().isEmpty()) {
            throw new IllegalArgumentException("data: " + file + " lists no readable videos. "
                    + RecipeAnnotations.layoutHelp(d));
        }
        if (!index.issues().isEmpty()) {
            LOG.warn("{}: {} annotation problems (first: {})", file, index.issues().size(), index.issues().get(0));
        }
        return index;
    }
}
