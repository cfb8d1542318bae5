package org.tubelet.datasets.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.FrameCountSource;
import org.tubelet.datasets.video.Rotation;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.datasets.video.VideoDecodeException;
import org.tubelet.datasets.video.VideoInfo;

/**
 * Scans a dataset's videos before training: reads every header (and, in a deep check, decodes every frame) and
 * reports class counts, frame rates, durations, sizes, codecs, rotations and every unreadable video with its
 * reason. The logic behind the {@code dataset check} command.
 */
public final class DatasetCheck {

    private static final Logger LOG = LogManager.getLogger(DatasetCheck.class);

    private final ClipSource source;
    private final int workers;
    private final boolean decodeEveryFrame;

    /**
     * @param source           decoder for the sample paths
     * @param workers          threads (> 0)
     * @param decodeEveryFrame decode every frame of every video (slow, finds corruption past the header)
     */
    public DatasetCheck(ClipSource source, int workers, boolean decodeEveryFrame) {
        this.source = Objects.requireNonNull(source, "source");
        if (workers <= 0) {
            throw new IllegalArgumentException("workers must be > 0, got " + workers);
        }
        this.workers = workers;
        this.decodeEveryFrame = decodeEveryFrame;
    }

    /** The result of checking one sample. */
    private record Outcome(VideoInfo info, UnreadableVideo failure, FrameCountMismatch mismatch) {
    }

    /**
     * Checks the samples.
     *
     * @param samples the dataset
     * @param labels  its classes (for the per-class counts)
     * @return the report; the order of its lists follows the samples, whatever the number of workers
     */
    public DatasetReport run(List<VideoSample> samples, LabelMap labels) {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "tubelet-dataset-check");
            t.setDaemon(true);
            return t;
        });
        List<Outcome> outcomes = new ArrayList<>(samples.size());
        try {
            List<Future<Outcome>> futures = new ArrayList<>(samples.size());
            for (VideoSample s : samples) {
                futures.add(pool.submit(() -> check(s)));
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("dataset check interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("dataset check failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> perClass = new LinkedHashMap<>();
        labels.names().forEach(n -> perClass.put(n, 0));
        for (VideoSample s : samples) {
            perClass.merge(s.label() < labels.size() ? labels.name(s.label()) : "#" + s.label(), 1, Integer::sum);
        }
        List<Double> fps = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        List<Double> frames = new ArrayList<>();
        Map<String, Integer> sizes = new TreeMap<>();
        Map<String, Integer> codecs = new TreeMap<>();
        Map<Rotation, Integer> rotations = new EnumMap<>(Rotation.class);
        List<UnreadableVideo> unreadable = new ArrayList<>();
        List<FrameCountMismatch> mismatches = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                unreadable.add(o.failure());
                continue;
            }
            VideoInfo info = o.info();
            fps.add(info.fps());
            durations.add(info.durationSeconds());
            frames.add((double) info.frameCount());
            sizes.merge(info.width() + "x" + info.height(), 1, Integer::sum);
            codecs.merge(info.codec(), 1, Integer::sum);
            rotations.merge(info.rotation(), 1, Integer::sum);
            if (o.mismatch() != null) {
                mismatches.add(o.mismatch());
            }
        }
        DatasetReport report = new DatasetReport(samples.size(), samples.size() - unreadable.size(), perClass,
                summary(fps), summary(durations), summary(frames), sizes, codecs, rotations, unreadable, mismatches,
                decodeEveryFrame);
        LOG.info("checked {} videos in {} s: {} unreadable, {} frame count mismatches", samples.size(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), unreadable.size(),
                mismatches.size());
        return report;
    }

    private Outcome check(VideoSample s) {
        try {
            VideoInfo info = source.probe(s.path());
            FrameCountMismatch mismatch = null;
            int reported = s.frameCount().orElse(info.frameCount());
            if (decodeEveryFrame) {
                int decoded = source.decodeAll(s.path());
                if (decoded != reported) {
                    mismatch = new FrameCountMismatch(s.path(), reported, decoded);
                }
            } else if (s.frameCount().isPresent() && info.frameCountSource() != FrameCountSource.DURATION_ESTIMATE
                    && s.frameCount().getAsInt() != info.frameCount()) {
                mismatch = new FrameCountMismatch(s.path(), s.frameCount().getAsInt(), info.frameCount());
            }
            return new Outcome(info, null, mismatch);
        } catch (VideoDecodeException e) {
            return new Outcome(null, UnreadableVideo.of(e), null);
        }
    }

    private static ValueSummary summary(List<Double> values) {
        return ValueSummary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
