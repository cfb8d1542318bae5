package org.tubelet.datasets.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.DecodeFailure;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoDecodeException;
import org.tubelet.datasets.video.VideoInfo;

/**
 * Turns a list of labelled videos into batches {@code [B, T, C, H, W]} + labels {@code [B]}: worker threads
 * probe, sample frames, decode and transform clips in parallel, ahead of the consumer.
 *
 * <p><b>Deterministic.</b> An epoch's order depends only on {@code (seed, epoch)}; the clip at position
 * {@code p} is a pure function of the sample there and its random stream
 * {@code Seeds.sampleRandom(seed, epoch, sampleIndex)} (frames, then augmentation). So a seed gives the same
 * batches, bit for bit, with 1 worker or 16, and a run can be resumed at any epoch.
 *
 * <p><b>Repeated augmentation</b> ({@link LoaderConfig#repeats()} {@code R}): every sample of a batch gives
 * {@code R} consecutive clips, cut from the same frames (sampled and decoded once) and augmented with {@code R}
 * different random streams, as VideoMAE's {@code num_sample}. Batches per epoch still count samples.
 *
 * <p><b>Bad data never kills a run</b> (with {@link OnError#SKIP}): a video that cannot be read (missing,
 * empty, truncated, corrupt, unsupported) is logged once with its path and reason, remembered, and replaced by
 * the next readable sample of the epoch order, so batches stay full. {@link #unreadable()} lists them all, and
 * each epoch's end logs a summary. With {@link OnError#FAIL} the first one stops the epoch.
 *
 * <p>Usage:
 * <pre>{@code
 * VideoLoader loader = new VideoLoader(index.samples(), ClipSource.standard(), sampler, transform,
 *         LoaderConfig.training(8, 4, 42L));
 * for (int e = 0; e < epochs; e++) {
 *     try (Epoch epoch = loader.epoch(e)) {
 *         while (epoch.hasNext()) {
 *             ClipBatch b = epoch.next(); // valid until the next call
 *             ... Nd4j.create(b.pixels(), b.shape()) ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>The loader itself holds no threads; each {@link Epoch} starts its workers and stops them when closed.
 * Probe results and the list of unreadable videos are kept across epochs (and shared with {@link #shard}
 * copies).
 */
public final class VideoLoader {

    private static final Logger LOG = LogManager.getLogger(VideoLoader.class);
    /** {@code "REPEAT"}: the streams of a sample's repeated clips. */
    private static final long REPEAT_TAG = 0x524550454154L;

    private final List<VideoSample> samples;
    private final ClipSource source;
    private final FrameSampler sampler;
    private final ClipTransform transform;
    private final LoaderConfig config;
    private final ConcurrentMap<Path, VideoInfo> probes;
    private final ConcurrentMap<Path, UnreadableVideo> unreadable;

    /**
     * @param samples   the dataset, at least one sample
     * @param source    decoder for the sample paths
     * @param sampler   frame choice; its clip length must match the transform's
     * @param transform per-clip transform into the batch buffer
     * @param config    batch size, workers, shuffling, seed, error policy, shard
     */
    public VideoLoader(List<VideoSample> samples, ClipSource source, FrameSampler sampler, ClipTransform transform,
                       LoaderConfig config) {
        this(List.copyOf(samples), source, sampler, transform, config, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private VideoLoader(List<VideoSample> samples, ClipSource source, FrameSampler sampler, ClipTransform transform,
                        LoaderConfig config, ConcurrentMap<Path, VideoInfo> probes,
                        ConcurrentMap<Path, UnreadableVideo> unreadable) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the loader needs at least one sample");
        }
        this.samples = samples;
        this.source = Objects.requireNonNull(source, "source");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.config = Objects.requireNonNull(config, "config");
        if (sampler.framesPerClip() != transform.outputShape().frames()) {
            throw new IllegalArgumentException("the sampler gives " + sampler.framesPerClip() + " frames per clip but"
                    + " the transform expects " + transform.outputShape().frames());
        }
        this.probes = probes;
        this.unreadable = unreadable;
    }

    /**
     * The same loader serving shard {@code index} of {@code count} (see {@link Shard}); it shares this loader's
     * probe cache and list of unreadable videos.
     */
    public VideoLoader shard(int index, int count) {
        return new VideoLoader(samples, source, sampler, transform, config.withShard(new Shard(index, count)), probes,
                unreadable);
    }

    /** The settings. */
    public LoaderConfig config() {
        return config;
    }

    /** The dataset. */
    public List<VideoSample> samples() {
        return samples;
    }

    /** Shape of one transformed clip {@code [T, C, H, W]}. */
    public ClipShape clipShape() {
        return transform.outputShape();
    }

    /** Samples this loader serves per epoch (its shard). */
    public int samplesPerEpoch() {
        Shard s = config.shard();
        return (samples.size() - s.index() + s.count() - 1) / s.count();
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        int n = samplesPerEpoch();
        return config.dropLast() ? n / config.batchSize() : (n + config.batchSize() - 1) / config.batchSize();
    }

    /**
     * The sample indices this loader serves in an epoch, in order: a seeded shuffle of all samples (or dataset
     * order without shuffling), then this shard's positions.
     */
    public int[] epochOrder(int epoch) {
        int n = samples.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (config.shuffle()) {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(Seeds.epochSeed(config.seed(), epoch), 0x5348554646L));
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
        }
        Shard s = config.shard();
        int[] mine = new int[samplesPerEpoch()];
        for (int k = 0; k < mine.length; k++) {
            mine[k] = all[s.index() + k * s.count()];
        }
        return mine;
    }

    /**
     * Starts an epoch: its workers begin decoding the first batches at once.
     *
     * @param epoch the epoch number (>= 0); it selects the order and every random stream
     * @return the batches, to be closed after use
     */
    public Epoch epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return new Epoch(this, epoch, epochOrder(epoch), null);
    }

    /**
     * Starts an epoch that serves only some of its batches, in the given order: batch {@code k} of the result is
     * batch {@code batches[k]} of {@link #epoch(int)}, bit for bit, and the others are never decoded. A data-parallel
     * replica reads its own share of every epoch this way.
     *
     * @param epoch the epoch number (>= 0)
     * @param batches batch indices in [0, {@link #batchesPerEpoch()}), in the order they will be read
     */
    public Epoch epoch(int epoch, int[] batches) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        for (int b : batches) {
            if (b < 0 || b >= batchesPerEpoch()) {
                throw new IllegalArgumentException("batch " + b + " is outside [0, " + batchesPerEpoch() + ")");
            }
        }
        return new Epoch(this, epoch, epochOrder(epoch), batches.clone());
    }

    /** Every video found unreadable so far (across epochs and shards), sorted by path. */
    public List<UnreadableVideo> unreadable() {
        List<UnreadableVideo> list = new ArrayList<>(unreadable.values());
        list.sort(Comparator.comparing(u -> u.path().toString()));
        return list;
    }

    /**
     * Fills sample slot {@code slot} of {@code batch} (its clips {@code [slot·R, (slot+1)·R)}, R = repeats) with the
     * clips for position {@code position} of {@code order}: the sample there, or, if it is unreadable, the next
     * readable one in the order. The sample's frames are sampled and decoded once; clip 0 is transformed with the
     * sample's random stream (so {@code R = 1} gives the clip the sample always had), clip {@code r > 0} with a stream
     * of its own.
     *
     * @return true when a substitute was used
     */
    boolean fill(ClipBatch batch, int slot, int[] order, int position, int epoch) {
        int n = order.length;
        int repeats = config.repeats();
        for (int attempt = 0; attempt < n; attempt++) {
            int sampleIndex = order[(position + attempt) % n];
            VideoSample sample = samples.get(sampleIndex);
            if (unreadable.containsKey(sample.path())) {
                continue;
            }
            long streamSeed = Seeds.sampleSeed(Seeds.epochSeed(config.seed(), epoch), sampleIndex);
            if (attempt > 0) { // a substitute: do not repeat the clip the sample gets at its own position
                streamSeed = Seeds.mix(new SplittableRandom(streamSeed).nextLong(), position);
            }
            SplittableRandom rng = new SplittableRandom(streamSeed);
            try {
                int frameCount = sample.frameCount().isPresent() ? sample.frameCount().getAsInt()
                        : probe(sample.path()).frameCount();
                int[] frames = sampler.sample(frameCount, rng);
                VideoClip clip = source.decode(sample.path(), frames);
                for (int r = 0; r < repeats; r++) {
                    int c = slot * repeats + r;
                    SplittableRandom clipRng = r == 0 ? rng : new SplittableRandom(Seeds.of(streamSeed, REPEAT_TAG, r));
                    int label = transform.apply(clip, sample.label(), clipRng, batch.pixels(), c * batch.clipFloats());
                    batch.labels()[c] = label;
                    batch.sampleIndices()[c] = sampleIndex;
                }
                return attempt > 0;
            } catch (VideoDecodeException e) {
                markUnreadable(e);
                if (config.onError() == OnError.FAIL) {
                    throw new LoaderException("epoch " + epoch + ": " + e.getMessage(), e);
                }
            }
        }
        throw new LoaderException("epoch " + epoch + ": no readable video left among the " + n + " samples of shard "
                + config.shard().index() + "/" + config.shard().count() + " (" + unreadable.size()
                + " unreadable; see the log)", null);
    }

    private VideoInfo probe(Path path) throws VideoDecodeException {
        VideoInfo info = probes.get(path);
        if (info == null) {
            info = source.probe(path);
            probes.putIfAbsent(path, info);
        }
        return info;
    }

    private void markUnreadable(VideoDecodeException e) {
        if (unreadable.putIfAbsent(e.path(), UnreadableVideo.of(e)) == null) {
            LOG.warn("skipping unreadable video {}", e.getMessage());
        }
    }

    /** Logs how many videos are unreadable, by reason. */
    void logUnreadableSummary() {
        if (unreadable.isEmpty()) {
            return;
        }
        Map<DecodeFailure, Integer> counts = new EnumMap<>(DecodeFailure.class);
        unreadable.values().forEach(u -> counts.merge(u.reason(), 1, Integer::sum));
        LOG.warn("{} of {} videos are unreadable and were skipped: {}", unreadable.size(), samples.size(), counts);
    }
}
