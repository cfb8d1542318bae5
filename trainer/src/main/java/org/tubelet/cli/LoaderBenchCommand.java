package org.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.ListFileReader;
import org.tubelet.datasets.layout.VideoSample;
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
import org.tubelet.datasets.sampling.DenseSampler;
import org.tubelet.datasets.sampling.SamplingMode;
import org.tubelet.datasets.sampling.ShortVideoPolicy;
import org.tubelet.datasets.synthetic.BenchVideos;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.RecordingClipSource;
import org.tubelet.datasets.video.VideoInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dataset bench}: clips per second of the training data loader ({@link VideoLoader} with its worker threads,
 * FFmpeg decoding of real files, dense 16 x 4 sampling at a random start, Hugging Face's VideoMAE processor: resize of
 * the short side, centre crop, rescale and normalise to float32), with nothing consuming the batches. Generates the
 * benchmark videos first when the folder is empty ({@link BenchVideos}); {@code --plan} writes the frames of every
 * clip so that {@code bench/ffmpeg_clips.py} times the {@code ffmpeg} CLI on the same frames.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the training data loader on real video files: clips/s with N workers (16-frame clips, "
                + "stride 4, resized and centre-cropped to 224², normalised floats, as fine-tuning without "
                + "augmentation loads them).",
                "--root holds the videos and a 'path label' list videos.txt; an empty or missing folder first gets "
                        + "--videos generated clips (568x320 H.264, 30 fps, 4 s, a moving scene filmed by a panning "
                        + "camera)."})
final class LoaderBenchCommand implements Callable<Integer> {

    @Option(names = "--root", defaultValue = "data/generated/loader-bench", paramLabel = "DIR",
            description = "Folder of the videos and " + BenchVideos.LIST + " (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--videos", defaultValue = "16", description = "Videos to generate (default: ${DEFAULT-VALUE}).")
    int videos;

    @Option(names = "--video-size", defaultValue = "568x320", paramLabel = "WxH", converter = VideoSizeConverter.class,
            description = "Frame size of generated videos (default: ${DEFAULT-VALUE}).")
    FrameSize videoSize;

    @Option(names = "--duration", defaultValue = "4", paramLabel = "SECONDS",
            description = "Length of generated videos (default: ${DEFAULT-VALUE} s).")
    double duration;

    @Option(names = "--fps", defaultValue = "30", description = "Frame rate of generated videos (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--workers", defaultValue = "1", description = "Loader worker threads (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--frames", defaultValue = "16", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--stride", defaultValue = "4",
            description = "Step between sampled frames (default: ${DEFAULT-VALUE}; VideoMAE's 16 x 4).")
    int stride;

    @Option(names = "--size", defaultValue = "224",
            description = "Short side after resizing and side of the centre crop (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "4", description = "Clips per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--clips", defaultValue = "64",
            description = "Clips to time, drawn round-robin from the videos (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--warmup", defaultValue = "4",
            description = "Clips loaded before timing, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the clip order and start frames "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plan", paramLabel = "FILE",
            description = "Write the frames of every timed clip as JSON lines (for bench/ffmpeg_clips.py).")
    Path plan;

    @Option(names = "--json", description = "Print one final JSON line with the results.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        requirePositive("--workers", workers);
        requirePositive("--frames", frames);
        requirePositive("--stride", stride);
        requirePositive("--size", size);
        requirePositive("--batch", batch);
        requirePositive("--clips", clips);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup " + warmup + ": expected 0 or more");
        }
        List<VideoSample> videoSamples = videoSamples();
        ProcessorConfig processor = ProcessorConfig.defaults(ProcessorType.VIDEOMAE).withSize(new ShortestEdge(size))
                .withCropSize(new FrameSize(size, size));
        ClipTransform transform = ClipTransform.process(new HfVideoProcessor(processor), frames);
        DenseSampler sampler = new DenseSampler(frames, stride, SamplingMode.TRAIN, ShortVideoPolicy.REPEAT_LAST);

        if (warmup > 0) {
            VideoLoader warm = new VideoLoader(cycle(videoSamples, warmup), ClipSource.standard(), sampler, transform,
                    config(Math.min(batch, warmup)));
            drain(warm, 1);
        }
        RecordingClipSource source = new RecordingClipSource(ClipSource.standard());
        VideoLoader loader = new VideoLoader(cycle(videoSamples, clips), source, sampler, transform, config(batch));
        EpochStats stats = drain(loader, 0);
        if (plan != null) {
            source.writePlan(plan);
        }

        VideoInfo video = source.probed(videoSamples.get(0).path());
        String videoDesc = video == null ? "?" : String.format(Locale.ROOT, "%dx%d %s, %.0f fps, %d frames",
                video.width(), video.height(), video.codec(), video.fps(), video.frameCount());
        System.out.printf(Locale.ROOT, "loader: %d clips of %d frames (stride %d) at %dx%d from %d videos (%s), "
                        + "%d worker(s), batch %d: %.2f s, %.2f clips/s; consumer waited %.2f s%n", stats.clips(), frames,
                stride, size, size, videoSamples.size(), videoDesc, workers, batch, stats.seconds(),
                stats.clipsPerSecond(), stats.consumerWaitSeconds());
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("workers", workers);
            result.put("batch", batch);
            result.put("frames", frames);
            result.put("stride", stride);
            result.put("size", size);
            result.put("clips", stats.clips());
            result.put("seconds", BenchCommand.round(stats.seconds(), 3));
            result.put("clips_per_s", BenchCommand.round(stats.clipsPerSecond(), 3));
            result.put("consumer_wait_s", BenchCommand.round(stats.consumerWaitSeconds(), 3));
            result.put("videos", videoSamples.size());
            if (video != null) {
                result.put("video_size", video.width() + "x" + video.height());
                result.put("video_fps", video.fps());
                result.put("video_frames", video.frameCount());
                result.put("codec", video.codec());
            }
            result.put("transform", "VideoMAEImageProcessor: shortest_edge " + size + ", center crop " + size
                    + ", rescale, normalise");
            System.out.println(new ObjectMapper().writeValueAsString(result));
        }
        return CliErrors.OK;
    }

    /** The videos of {@code root/videos.txt}, generating them first when the folder is missing or empty. */
    private List<VideoSample> videoSamples() throws Exception {
        Path list = root.resolve(BenchVideos.LIST);
        if (!Files.exists(list)) {
            if (Files.isDirectory(root) && !isEmpty(root)) {
                throw new IllegalArgumentException("--root " + root + ": no " + BenchVideos.LIST + " ('path label' "
                        + "lines, paths relative to the folder) in a folder that is not empty; give a missing or empty "
                        + "folder to generate the benchmark videos there");
            }
            BenchVideos spec = new BenchVideos(videos, videoSize.width(), videoSize.height(), duration, fps, seed);
            long t0 = System.nanoTime();
            System.out.printf(Locale.ROOT, "generating %d videos of %dx%d, %d frames at %.0f fps in %s...%n", videos,
                    videoSize.width(), videoSize.height(), spec.frames(), fps, root);
            spec.generate(root);
            System.out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.strict()).read(list);
        if (index.samples().isEmpty()) {
            throw new IllegalArgumentException(list + ": lists no videos");
        }
        return index.samples();
    }

    /** Training settings (shuffled order, random start frames), every clip kept, the first unreadable video fatal. */
    private LoaderConfig config(int batchSize) {
        return new LoaderConfig(batchSize, workers, 2, true, false, seed, OnError.FAIL, Shard.all());
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

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " " + value + ": expected a positive number");
        }
    }

    /** {@code WxH}, e.g. {@code 568x320}. */
    static final class VideoSizeConverter implements CommandLine.ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            String[] parts = value.toLowerCase(Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    return new FrameSize(Integer.parseInt(parts[1].strip()), Integer.parseInt(parts[0].strip()));
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "': expected WIDTHxHEIGHT, e.g. 568x320");
        }
    }
}
