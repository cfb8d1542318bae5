package org.tubelet.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.ListFileReader;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.loader.ClipLoaders;
import org.tubelet.datasets.loader.ClipTransform;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.EpochStats;
import org.tubelet.datasets.loader.LoaderConfig;
import org.tubelet.datasets.loader.Shard;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.synthetic.BenchVideos;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.RecordingClipSource;
import org.tubelet.datasets.video.VideoInfo;

/**
 * Clips per second of the training data loader ({@code dataset bench}): {@link ClipLoaders#training} with its worker
 * threads, FFmpeg decoding of real files, dense sampling at a random start and Hugging Face's VideoMAE processor
 * (resize of the short side, centre crop, rescale, normalise), nothing consuming the batches. Generates the benchmark
 * videos ({@link BenchVideos}) when the folder is missing or empty; can write the frames of every clip as a plan so
 * that {@code bench/ffmpeg_clips.py} times the {@code ffmpeg} CLI on the same frames.
 */
public final class LoaderBench {
    private LoaderBench() {
    }

    /**
     * What to time.
     *
     * @param root      the videos and their {@link BenchVideos#LIST}
     * @param generate  the videos to generate when the folder is missing or empty (made, and validated, only then)
     * @param workers   loader threads
     * @param frames    frames per clip
     * @param stride    step between frames
     * @param size      short side after resizing, side of the centre crop
     * @param batch     clips per batch
     * @param clips     clips to time, round-robin over the videos
     * @param warmup    clips loaded before timing
     * @param seed      clip order and start frames
     * @param plan      where to write the plan, or null
     */
    public record Settings(Path root, Supplier<BenchVideos> generate, int workers, int frames, int stride, int size,
                           int batch, int clips, int warmup, long seed, Path plan) {
        public Settings {
            requirePositive("--workers", workers);
            requirePositive("--frames", frames);
            requirePositive("--stride", stride);
            requirePositive("--size", size);
            requirePositive("--batch", batch);
            requirePositive("--clips", clips);
            if (warmup < 0) {
                throw new IllegalArgumentException("--warmup " + warmup + ": expected 0 or more");
            }
        }
    }

    /** The timing, the first video's properties (null if it was never probed) and how many videos there are. */
    public record Result(EpochStats stats, VideoInfo video, int videos) {
    }

    /**
     * Generates the videos if needed, warms up, then times one epoch of {@code clips} clips.
     *
     * @param progress where the generation's progress lines go
     */
    public static Result run(Settings s, PrintStream progress) throws Exception {
        List<VideoSample> videos = videoSamples(s, progress);
        ProcessorConfig processor = ProcessorConfig.builder(ProcessorType.VIDEOMAE).size(new ShortestEdge(s.size()))
                .cropSize(new FrameSize(s.size(), s.size())).build();
        ClipTransform transform = ClipTransform.process(new HfVideoProcessor(processor), s.frames());
        ClipLoaders loaders = new ClipLoaders(s.frames(), s.stride());
        if (s.warmup() > 0) {
            drain(loaders.training(cycle(videos, s.warmup()), ClipSource.standard(), transform,
                    config(s, Math.min(s.batch(), s.warmup()))), 1);
        }
        RecordingClipSource source = new RecordingClipSource(ClipSource.standard());
        EpochStats stats = drain(loaders.training(cycle(videos, s.clips()), source, transform, config(s, s.batch())),
                0);
        if (s.plan() != null) {
            source.writePlan(s.plan());
        }
        return new Result(stats, source.probed(videos.get(0).path()), videos.size());
    }

    /** The videos of {@code root/videos.txt}, generating them first when the folder is missing or empty. */
    private static List<VideoSample> videoSamples(Settings s, PrintStream progress) throws Exception {
        Path list = s.root().resolve(BenchVideos.LIST);
        if (!Files.exists(list)) {
            if (Files.isDirectory(s.root()) && !isEmpty(s.root())) {
                throw new IllegalArgumentException("--root " + s.root() + ": no " + BenchVideos.LIST + " ('path "
                        + "label' lines, paths relative to the folder) in a folder that is not empty; give a missing "
                        + "or empty folder to generate the benchmark videos there");
            }
            BenchVideos spec = s.generate().get();
            long t0 = System.nanoTime();
            progress.printf(Locale.ROOT, "generating %d videos of %dx%d, %d frames at %.0f fps in %s...%n",
                    spec.count(), spec.width(), spec.height(), spec.frames(), spec.fps(), s.root());
            spec.generate(s.root());
            progress.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.strict()).read(list);
        if (index.samples().isEmpty()) {
            throw new IllegalArgumentException(list + ": lists no videos");
        }
        return index.samples();
    }

    /** Training order (shuffled, random start frames), every clip kept, the first unreadable video fatal. */
    private static LoaderConfig config(Settings s, int batchSize) {
        return new LoaderConfig(batchSize, s.workers(), 2, true, false, s.seed(), OnError.FAIL, Shard.all());
    }

    /** Reads every batch of one epoch, doing nothing with it. */
    private static EpochStats drain(VideoLoader loader, int epochNo) {
        try (Epoch epoch = loader.epoch(epochNo)) {
            while (epoch.hasNext()) {
                epoch.next();
            }
            return epoch.stats();
        }
    }

    /** {@code n} samples taken round-robin from the videos: each is a separate sample with its own start frame. */
    private static List<VideoSample> cycle(List<VideoSample> videos, int n) {
        List<VideoSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(videos.get(i % videos.size()));
        }
        return out;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " " + value + ": expected a positive number");
        }
    }
}
