package org.tubelet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tubelet.datasets.loader.EpochStats;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.synthetic.BenchVideos;
import org.tubelet.datasets.video.VideoInfo;
import org.tubelet.run.LoaderBench;
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
        LoaderBench.Result r = LoaderBench.run(new LoaderBench.Settings(root,
                () -> new BenchVideos(videos, videoSize.width(), videoSize.height(), duration, fps, seed), workers,
                frames, stride, size, batch, clips, warmup, seed, plan), System.out);
        EpochStats stats = r.stats();
        VideoInfo video = r.video();
        String videoDesc = video == null ? "?" : String.format(Locale.ROOT, "%dx%d %s, %.0f fps, %d frames",
                video.width(), video.height(), video.codec(), video.fps(), video.frameCount());
        System.out.printf(Locale.ROOT, "loader: %d clips of %d frames (stride %d) at %dx%d from %d videos (%s), "
                        + "%d worker(s), batch %d: %.2f s, %.2f clips/s; consumer waited %.2f s%n", stats.clips(), frames,
                stride, size, size, r.videos(), videoDesc, workers, batch, stats.seconds(),
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
            result.put("videos", r.videos());
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
