package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.sampling.SamplingScheme;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.models.ConfigException;

/**
 * {@code data:} where clips come from and how they are cut, processed and batched.
 *
 * @param format dataset layout
 * @param root folder that annotation paths are relative to (unused for {@code synthetic})
 * @param train training annotation file (or sub-folder for {@code folders}), relative to {@code root}
 * @param val validation annotation file / sub-folder, relative to {@code root}
 * @param labels optional class-names file (one per line, line i = class i), relative to {@code root}: fixes the class
 *     order for every format with files; an annotation whose class is not in it is reported
 * @param batchSize videos per micro-batch (clips per micro-batch without repeated augmentation)
 * @param evalBatchSize clips per evaluation batch
 * @param workers decoding threads
 * @param onError {@code skip} unreadable videos (counted and reported) or {@code fail}
 * @param cache keep decoded training clips in memory (small datasets: decode once)
 * @param sampler which frames a clip takes
 * @param processor resize / crop / normalise
 * @param augmentation training-only random transforms
 * @param evalViews multi-view testing
 * @param synthetic the synthetic moving-shapes dataset: generated in memory ({@code format: synthetic}) or written
 *     as mp4 files with list files ({@code format: list} with {@code generate: true})
 * @param generate with {@code format: list}: when {@code root/train} does not exist, write the synthetic dataset
 *     there first (so {@code --recipe quickstart} works on a fresh machine)
 * @param repeatedAug clips per training video in a batch (repeated augmentation, VideoMAE's {@code num_sample}): a
 *     micro-batch holds {@code batch_size · repeated_aug} clips, and epochs (so the schedule) count videos
 * @param mixup mixup / cutmix of training batches
 */
public record DataSection(Format format, String root, String train, String val, String labels, int batchSize,
                          int evalBatchSize, int workers, OnError onError, boolean cache, Sampler sampler,
                          Processor processor, AugmentationSection augmentation, Views evalViews, Synthetic synthetic,
                          boolean generate, int repeatedAug, MixupSection mixup) {

    /** Dataset layouts. */
    public enum Format implements Section.Choice {
        /** Generated in memory while training (no files): moving shapes, class = direction. */
        SYNTHETIC("synthetic", null),
        /** A text file of {@code path label} lines (label = class index). */
        LIST("list", Layout.LIST),
        /** A CSV file with a header naming the {@code path} and {@code label} columns (label = class name or index). */
        CSV("csv", Layout.CSV),
        /** Kinetics-400/600 annotation CSV ({@code label,youtube_id,time_start,time_end,split}). */
        KINETICS("kinetics", Layout.KINETICS),
        /** UCF101 split files ({@code classInd.txt}, {@code trainlist01.txt}). */
        UCF101("ucf101", Layout.UCF101),
        /** Something-Something v2 JSON annotations. */
        SSV2("ssv2", Layout.SSV2),
        /** One sub-folder per class. */
        FOLDERS("folders", Layout.FOLDERS);

        private final String key;
        private final Layout layout;

        Format(String key, Layout layout) {
            this.key = key;
            this.layout = layout;
        }

        @Override
        public String key() {
            return key;
        }

        /** The datasets module's layout that reads this format's files. */
        public Layout layout() {
            if (layout == null) {
                throw new IllegalStateException("synthetic data has no files");
            }
            return layout;
        }
    }

    /**
     * @param frames frames per clip; 0 = the model's {@code num_frames}
     * @param stride step between sampled frames (the paper's temporal stride; dense sampling only)
     * @param type {@code dense}: consecutive frames with the stride from a random start (VideoMAE, ViViT);
     *     {@code uniform}: one frame from each of {@code frames} equal segments of the video (TSN, TimeSformer)
     */
    public record Sampler(int frames, int stride, SamplingScheme type) {
        public Sampler {
            require(frames >= 0, "frames", frames, "must not be negative (0 = the model's num_frames)");
            require(stride >= 1, "stride", stride, "must be at least 1");
            require(type == SamplingScheme.DENSE || stride == 1, "stride", stride,
                    "must be 1 with type: uniform (its step is the segment length)");
        }

        static Sampler read(Section s) {
            int frames = s.integer("frames", 0);
            int stride = s.integer("stride", 1);
            SamplingScheme type = s.choice("type", SamplingScheme.class, SamplingScheme.DENSE);
            s.finish();
            return s.build(() -> new Sampler(frames, stride, type));
        }
    }

    /**
     * HF image-processor settings; 0 / null mean "derive from the model" (crop = the model's {@code image_size},
     * shortest edge = crop · 8/7 as in HF's processors).
     *
     * @param from a {@code preprocessor_config.json} to use as is, or null
     * @param shortestEdge resize target of the shorter side
     * @param cropSize centre (eval) / random (train) crop side
     * @param imageMean per-channel mean (R, G, B) after rescaling to [0, 1]
     * @param imageStd per-channel std
     */
    public record Processor(String from, int shortestEdge, int cropSize, List<Double> imageMean,
                            List<Double> imageStd) {
        public Processor {
            imageMean = List.copyOf(imageMean);
            imageStd = List.copyOf(imageStd);
            require(shortestEdge >= 0, "shortest_edge", shortestEdge, "must not be negative (0 = derive)");
            require(cropSize >= 0, "crop_size", cropSize, "must not be negative (0 = the model's image_size)");
            require(shortestEdge == 0 || cropSize == 0 || shortestEdge >= cropSize, "shortest_edge", shortestEdge,
                    "must be ≥ crop_size = " + cropSize);
            require(imageMean.size() == 3, "image_mean", imageMean, "expected three values (R, G, B)");
            require(imageStd.size() == 3, "image_std", imageStd, "expected three values (R, G, B)");
            for (double v : imageStd) {
                require(v > 0, "image_std", imageStd, "each must be positive");
            }
        }

        static Processor read(Section s) {
            String from = s.string("from", null);
            int edge = s.integer("shortest_edge", 0);
            int crop = s.integer("crop_size", 0);
            List<Double> mean = s.numbers("image_mean").orElse(List.of(0.5, 0.5, 0.5));
            List<Double> std = s.numbers("image_std").orElse(List.of(0.5, 0.5, 0.5));
            s.finish();
            return s.build(() -> new Processor(from, edge, crop, mean, std));
        }
    }

    /** Multi-view testing: {@code clips} temporal clips × {@code crops} spatial crops per video. */
    public record Views(int clips, int crops) {
        public Views {
            require(clips >= 1, "clips", clips, "must be at least 1");
            require(crops == 1 || crops == 3, "crops", crops, "expected 1 (centre) or 3 (left/centre/right)");
        }

        static Views read(Section s) {
            int clips = s.integer("clips", 1);
            int crops = s.integer("crops", 1);
            s.finish();
            return s.build(() -> new Views(clips, crops));
        }

        public int count() {
            return clips * crops;
        }
    }

    /**
     * The in-memory synthetic set: a shape moving in one of {@code classes} directions at a random speed, over noise.
     *
     * @param classes number of directions (2, 4 or 8)
     * @param trainVideos training videos
     * @param valVideos validation videos
     * @param frames frames per video (≥ the clip length)
     * @param size frame side in pixels (0 = the model's image_size; larger values give room for random crops)
     * @param seed seed of the videos (not of training)
     * @param scene what the written videos show ({@code generate: true}): {@code square} (one textured square) or
     *     {@code shapes} (several shapes moving the same way behind a static occluder; the pretraining demo's)
     */
    public record Synthetic(int classes, int trainVideos, int valVideos, int frames, int size, long seed,
                            MovingShapes.Renderer scene) {
        public Synthetic {
            require(classes == 2 || classes == 4 || classes == 8, "classes", classes, "expected 2, 4 or 8");
            require(trainVideos >= 1, "train_videos", trainVideos, "must be at least 1");
            require(valVideos >= 1, "val_videos", valVideos, "must be at least 1");
            require(frames >= 2, "frames", frames, "must be at least 2");
            require(size == 0 || size >= 8, "size", size, "must be 0 (the model's image_size) or at least 8");
            require(scene != null, "scene", scene, "expected square or shapes");
        }

        static Synthetic read(Section s) {
            int classes = s.integer("classes", 4);
            int train = s.integer("train_videos", 512);
            int val = s.integer("val_videos", 128);
            int frames = s.integer("frames", 16);
            int size = s.integer("size", 0);
            long seed = s.longValue("seed").orElse(1234L);
            MovingShapes.Renderer scene = s.choice("scene", MovingShapes.Renderer.class, MovingShapes.Renderer.SQUARE);
            s.finish();
            return s.build(() -> new Synthetic(classes, train, val, frames, size, seed, scene));
        }
    }

    public DataSection {
        require(batchSize >= 1, "batch_size", batchSize, "must be at least 1");
        require(evalBatchSize >= 1, "eval_batch_size", evalBatchSize, "must be at least 1");
        require(workers >= 1, "workers", workers, "must be at least 1");
        require(format == Format.SYNTHETIC || (root != null && !root.isBlank()), "root", root,
                "required for format " + format.key() + " (the folder holding the videos and annotation files)");
        require(!generate || format == Format.LIST, "generate", generate,
                "only with format: list (the synthetic dataset is written as list files)");
        require(format != Format.SYNTHETIC || synthetic.scene() == MovingShapes.Renderer.SQUARE, "synthetic.scene",
                synthetic.scene(), "in-memory synthetic data shows one shape; for shapes write files (format: list, "
                        + "generate: true)");
        require(labels == null || format != Format.SYNTHETIC, "labels", labels,
                "not with format: synthetic (its classes are the motion directions; remove data.labels)");
        require(repeatedAug >= 1, "repeated_aug", repeatedAug, "must be at least 1 (1 = one clip per video)");
        if (format == Format.SYNTHETIC && augmentation.any()) {
            throw new ConfigException("augmentation", "augmentation: not with format: synthetic (its clips take their"
                    + " own random crops); use format: list with generate: true to train on the same videos as files");
        }
        if (format == Format.SYNTHETIC && sampler.type() != SamplingScheme.DENSE) {
            throw new ConfigException("sampler", "sampler.type = " + Section.Choice.keyOf(sampler.type())
                    + ": needs a video dataset, not format: synthetic");
        }
        if (mixup.enabled() && (long) batchSize * repeatedAug % 2 != 0) {
            throw new ConfigException("mixup", "mixup: needs an even number of clips per batch (batch_size × "
                    + "repeated_aug = " + batchSize * repeatedAug + "): each clip is mixed with its mirror in the"
                    + " batch");
        }
    }

    /** Clips in a training micro-batch: {@code batch_size · repeated_aug}. */
    public int clipsPerBatch() {
        return batchSize * repeatedAug;
    }

    static DataSection read(Section s) {
        Format format = s.requiredChoice("format", Format.class);
        String root = format == Format.SYNTHETIC ? s.string("root", null)
                : s.requiredString("root", "the folder holding the videos and annotation files");
        String train = s.string("train", defaultTrain(format));
        String val = s.string("val", defaultVal(format));
        String labels = s.string("labels", null);
        int batch = s.integer("batch_size", 8, 1);
        int evalBatch = s.integer("eval_batch_size", batch, 1);
        int workers = s.integer("workers", 1, 1);
        OnError onError = s.choice("on_error", OnError.class, OnError.SKIP);
        boolean cache = s.bool("cache", false);
        Sampler sampler = Sampler.read(s.section("sampler"));
        Processor processor = Processor.read(s.section("processor"));
        AugmentationSection aug = AugmentationSection.read(s.section("augmentation"));
        Views views = Views.read(s.section("eval_views"));
        Synthetic synthetic = Synthetic.read(s.section("synthetic"));
        boolean generate = s.bool("generate", false);
        int repeatedAug = s.integer("repeated_aug", 1);
        MixupSection mixup = MixupSection.read(s.section("mixup"));
        s.finish();
        return s.build(() -> new DataSection(format, root, train, val, labels, batch, evalBatch, workers, onError,
                cache, sampler, processor, aug, views, synthetic, generate, repeatedAug, mixup));
    }

    private static String defaultTrain(Format f) {
        return switch (f) {
            case SYNTHETIC -> null;
            case LIST -> "train.txt";
            case CSV, KINETICS -> "train.csv";
            case UCF101 -> "trainlist01.txt";
            case SSV2 -> "train.json";
            case FOLDERS -> "train";
        };
    }

    private static String defaultVal(Format f) {
        return switch (f) {
            case SYNTHETIC -> null;
            case LIST -> "val.txt";
            case CSV, KINETICS -> "val.csv";
            case UCF101 -> "testlist01.txt";
            case SSV2 -> "validation.json";
            case FOLDERS -> "val";
        };
    }
}
