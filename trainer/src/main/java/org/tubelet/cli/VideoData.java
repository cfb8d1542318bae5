package org.tubelet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.DoubleRange;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.RandomResizedCrop;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.loader.ClipShape;
import org.tubelet.datasets.loader.ClipTransform;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.LoaderConfig;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.sampling.DenseSampler;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.sampling.SamplingMode;
import org.tubelet.datasets.sampling.ShortVideoPolicy;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.models.ModelConfig;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.eval.EvalData;
import org.tubelet.train.loop.Batch;
import org.tubelet.train.loop.BatchSource;

/**
 * Video-file datasets through the datasets module: a layout reader gives the samples, a {@link VideoLoader} decodes,
 * samples, augments and normalises them on worker threads; this class adapts it to the trainer's
 * {@link BatchSource} (exact positions for resume) and {@link EvalData} (one loader per test view).
 */
final class VideoData {
    private static final Logger LOG = LogManager.getLogger(VideoData.class);

    private VideoData() {
    }

    /** Whether {@code data.generate} asks for the synthetic dataset and {@code data.root/data.train} is not there yet. */
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
        System.out.printf("generating the synthetic motion dataset in %s (%d + %d videos)...%n", root,
                c.classes() * c.trainPerClass(), c.classes() * c.valPerClass());
        var ds = MovingShapes.generate(root, c);
        System.out.printf("wrote %d training and %d validation videos (%s) in %.1f s%n", ds.trainCount(),
                ds.valCount(), ds.encoder(), (System.nanoTime() - t0) / 1e9);
        if (!ds.trainList().getFileName().toString().equals(d.train())
                || !ds.valList().getFileName().toString().equals(d.val())) {
            throw new IllegalArgumentException("data.generate wrote " + ds.trainList() + " and " + ds.valList()
                    + " but data.train/data.val name " + d.train() + " and " + d.val());
        }
    }

    static Datasets.Opened open(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal,
                                DataSection.Views views) throws IOException {
        DataSection d = r.data();
        LayoutOptions options = new LayoutOptions(onError(d), true);
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
        BatchSource trainSource = null;
        if (wantTrain) {
            VideoLoader loader = new VideoLoader(train.samples(), source,
                    new DenseSampler(frames, d.sampler().stride(), SamplingMode.TRAIN, ShortVideoPolicy.REPEAT_LAST),
                    trainTransform(d, pc, frames), LoaderConfig.training(d.batchSize(), d.workers(), r.train().seed())
                    .withOnError(onError(d)));
            if (loader.batchesPerEpoch() == 0) {
                throw new IllegalArgumentException("data: " + train.samples().size() + " training videos are fewer "
                        + "than one batch (batch_size " + d.batchSize() + ")");
            }
            trainSource = new LoaderSource(loader, classes);
        }
        EvalData evalData = null;
        if (wantVal) {
            evalData = new LoaderViews(val, source, pc, frames, d.sampler().stride(), views, d.evalBatchSize(),
                    d.workers(), r.train().seed(), onError(d), classes);
        }
        LOG.info("data: {} training / {} validation videos, {} classes", train.samples().size(),
                val == null ? 0 : val.samples().size(), classes.size());
        return new Datasets.Opened(classes, trainSource, evalData);
    }

    private static OnError onError(DataSection d) {
        return d.onError() == DataSection.OnError.FAIL ? OnError.FAIL : OnError.SKIP;
    }

    /** The index, or an error naming the file when it has no readable video; logs its annotation problems. */
    private static DatasetIndex requireSamples(DataSection d, RecipeAnnotations.Split split, DatasetIndex index) {
        Path file = RecipeAnnotations.file(d, split);
        if (index.samples().isEmpty()) {
            throw new IllegalArgumentException("data: " + file + " lists no readable videos. "
                    + Datasets.layoutHelp(d));
        }
        if (!index.issues().isEmpty()) {
            LOG.warn("{}: {} annotation problems (first: {})", file, index.issues().size(), index.issues().get(0));
        }
        return index;
    }

    /** Random resized crop (+ flip) then normalisation; without augmentation, the processor's resize and crop. */
    private static ClipTransform trainTransform(DataSection d, ProcessorConfig pc, int frames) {
        DataSection.Augmentation a = d.augmentation();
        int crop = pc.cropSize().height();
        boolean resizedCrop = a.scale().get(0) < 1.0;
        if (!resizedCrop && !a.hflip()) {
            return ClipTransform.process(new HfVideoProcessor(pc), frames);
        }
        List<ClipAugmentation> steps = new ArrayList<>();
        if (resizedCrop) {
            steps.add(new RandomResizedCrop(new FrameSize(crop, crop), new DoubleRange(a.scale().get(0),
                    a.scale().get(1)), new DoubleRange(3.0 / 4, 4.0 / 3)));
        }
        if (a.hflip()) {
            steps.add(HorizontalFlip.of(0.5));
        }
        ClipAugmentation aug = ClipAugmentation.compose(steps);
        if (!resizedCrop) {
            HfVideoProcessor full = new HfVideoProcessor(pc);
            return new ClipTransform() {
                @Override
                public ClipShape outputShape() {
                    return new ClipShape(frames, crop, crop);
                }

                @Override
                public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
                    var out = aug.apply(new org.tubelet.datasets.augment.LabeledClip(clip, label), rng);
                    full.process(out.clip(), dst, offset);
                    return out.label();
                }
            };
        }
        return ClipTransform.augmentThenProcess(aug, ClipTransform.normalizer(pc), new ClipShape(frames, crop, crop));
    }

    /** The trainer's exact-position view of a {@link VideoLoader}: batch {@code i} of epoch {@code e}. */
    static final class LoaderSource implements BatchSource {
        private final VideoLoader loader;
        private final List<String> classes;
        private Epoch epoch;
        private long epochNo = -1;
        private int index;

        LoaderSource(VideoLoader loader, List<String> classes) {
            this.loader = loader;
            this.classes = classes;
        }

        @Override
        public int batchesPerEpoch() {
            return loader.batchesPerEpoch();
        }

        @Override
        public List<String> classNames() {
            return classes;
        }

        /**
         * The loader starts epochs at their first batch, so a position inside an epoch (after a resume) is reached by
         * reading and dropping the batches before it.
         */
        @Override
        public void seek(long e, int i) {
            if (epoch != null && epochNo == e && index == i) {
                return;
            }
            closeEpoch();
            epochNo = e;
            epoch = loader.epoch(Math.toIntExact(e));
            index = 0;
            while (index < i) {
                epoch.next();
                index++;
            }
        }

        @Override
        public Batch next() {
            if (epoch == null || index >= loader.batchesPerEpoch()) {
                seek(epoch == null ? 0 : epochNo + 1, 0);
            }
            org.tubelet.datasets.loader.Batch b = epoch.next();
            Batch out = toBatch(b, epochNo, index);
            index++;
            return out;
        }

        private void closeEpoch() {
            if (epoch != null) {
                epoch.close();
                epoch = null;
            }
        }

        @Override
        public void close() {
            closeEpoch();
        }
    }

    /** Copies a loader batch (its buffers are reused) into the trainer's arrays. */
    static Batch toBatch(org.tubelet.datasets.loader.Batch b, long epoch, int index) {
        long[] shape = b.shape();                                              // [n, T, C, H, W]
        int n = b.size();
        int floats = Math.toIntExact(shape[1] * shape[2] * shape[3] * shape[4]);
        float[] px = java.util.Arrays.copyOf(b.pixels(), n * floats);
        long[] labels = java.util.Arrays.copyOf(b.labels(), n);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = b.sampleIndices()[i];
        }
        return new Batch(Nd4j.create(px, shape, DataType.FLOAT), Nd4j.createFromArray(labels), ids, epoch, index);
    }

    /**
     * Multi-view evaluation data: one evaluation loader per (temporal clip, spatial crop) pair, each covering every
     * video with that view; batches carry the video index so the evaluator averages per video.
     */
    static final class LoaderViews implements EvalData {
        private final List<VideoLoader> loaders = new ArrayList<>();
        private final DatasetIndex index;
        private final int views;
        private final List<String> classes;

        LoaderViews(DatasetIndex index, ClipSource source, ProcessorConfig pc, int frames, int stride,
                    DataSection.Views v, int batchSize, int workers, long seed, OnError onError, List<String> classes) {
            this.index = index;
            this.views = v.count();
            this.classes = classes;
            DenseSampler dense = new DenseSampler(frames, stride, SamplingMode.EVAL, ShortVideoPolicy.REPEAT_LAST);
            HfVideoProcessor processor = new HfVideoProcessor(pc);
            HfVideoProcessor normalizer = ClipTransform.normalizer(pc);
            for (int clip = 0; clip < v.clips(); clip++) {
                for (int crop = 0; crop < v.crops(); crop++) {
                    loaders.add(new VideoLoader(index.samples(), source, new ViewSampler(dense, clip, v.clips()),
                            v.crops() == 1 ? ClipTransform.process(processor, frames)
                                    : new CropTransform(processor, normalizer, frames, crop, v.crops()),
                            LoaderConfig.evaluation(batchSize, workers, seed).withOnError(onError)));
                }
            }
        }

        @Override
        public int numVideos() {
            return index.samples().size();
        }

        @Override
        public int viewsPerVideo() {
            return views;
        }

        @Override
        public List<String> classNames() {
            return classes;
        }

        @Override
        public Iterator<Batch> batches() {
            return new Iterator<>() {
                private int loader = -1;
                private Epoch epoch;
                private int batchNo;

                @Override
                public boolean hasNext() {
                    while (epoch == null || !epoch.hasNext()) {
                        if (epoch != null) {
                            epoch.close();
                            epoch = null;
                        }
                        if (++loader >= loaders.size()) {
                            return false;
                        }
                        epoch = loaders.get(loader).epoch(0);
                    }
                    return true;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return toBatch(epoch.next(), 0, batchNo++);
                }
            };
        }
    }

    /** Always the same test view of a video. */
    record ViewSampler(FrameSampler inner, int view, int views) implements FrameSampler {
        @Override
        public int framesPerClip() {
            return inner.framesPerClip();
        }

        @Override
        public SamplingMode mode() {
            return SamplingMode.EVAL;
        }

        @Override
        public int[] sample(int frameCount, RandomGenerator rng) {
            return inner.view(frameCount, view, views);
        }

        @Override
        public int[] view(int frameCount, int v, int n) {
            return inner.view(frameCount, v, n);
        }
    }

    /** Resize the short side, then crop {@code crop} of {@code crops} along the long side (3-crop testing). */
    record CropTransform(HfVideoProcessor resizer, HfVideoProcessor normalizer, int frames, int crop, int crops)
            implements ClipTransform {
        @Override
        public ClipShape outputShape() {
            FrameSize s = resizer.config().cropSize();
            return new ClipShape(frames, s.height(), s.width());
        }

        @Override
        public int apply(VideoClip clip, int label, RandomGenerator rng, float[] dst, int offset) {
            VideoClip r = resizer.resize(clip);
            FrameSize s = resizer.config().cropSize();
            boolean wide = r.width() >= r.height();
            int x0 = wide ? org.tubelet.train.data.ClipViews.cropOffset(r.width(), s.width(), crop, crops)
                    : (r.width() - s.width()) / 2;
            int y0 = wide ? (r.height() - s.height()) / 2
                    : org.tubelet.train.data.ClipViews.cropOffset(r.height(), s.height(), crop, crops);
            byte[] out = new byte[r.frames() * s.height() * s.width() * 3];
            for (int t = 0; t < r.frames(); t++) {
                for (int y = 0; y < s.height(); y++) {
                    System.arraycopy(r.rgb(), ((t * r.height() + y0 + y) * r.width() + x0) * 3, out,
                            ((t * s.height() + y) * s.width()) * 3, s.width() * 3);
                }
            }
            normalizer.process(new VideoClip(r.frames(), s.height(), s.width(), out), dst, offset);
            return label;
        }
    }

    /** Keeps every decoded video in memory (small datasets): each video is decoded once, whole. */
    static final class CachingClipSource implements ClipSource {
        private final ClipSource inner;
        private final java.util.concurrent.ConcurrentMap<Path, VideoClip> clips =
                new java.util.concurrent.ConcurrentHashMap<>();

        CachingClipSource(ClipSource inner) {
            this.inner = inner;
        }

        @Override
        public org.tubelet.datasets.video.VideoInfo probe(Path path)
                throws org.tubelet.datasets.video.VideoDecodeException {
            return inner.probe(path);
        }

        @Override
        public VideoClip decode(Path path, int[] frameIndices) throws org.tubelet.datasets.video.VideoDecodeException {
            VideoClip all = clips.get(path);
            if (all == null) {
                int n = inner.probe(path).frameCount();
                int[] every = new int[n];
                for (int i = 0; i < n; i++) {
                    every[i] = i;
                }
                all = inner.decode(path, every);
                clips.putIfAbsent(path, all);
            }
            int[] clamped = new int[frameIndices.length];
            for (int i = 0; i < clamped.length; i++) {
                clamped[i] = Math.min(frameIndices[i], all.frames() - 1);
            }
            return all.subClip(clamped);
        }

        @Override
        public int decodeAll(Path path) throws org.tubelet.datasets.video.VideoDecodeException {
            return inner.decodeAll(path);
        }
    }
}
