package org.tubelet.datasets.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.MultiScaleCrop;
import org.tubelet.datasets.augment.RandAugment;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.sampling.DenseSampler;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.sampling.SamplingMode;
import org.tubelet.datasets.sampling.ShortVideoPolicy;
import org.tubelet.datasets.sampling.UniformSampler;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.synthetic.SyntheticDataset;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.DecodeFailure;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoFormat;

class VideoLoaderTest {

    @TempDir
    static Path dir;

    static List<VideoSample> good;

    private static final ProcessorConfig VIDEOMAE_32 = ProcessorConfig.defaults(ProcessorType.VIDEOMAE)
            .withSize(new ShortestEdge(32)).withCropSize(new FrameSize(32, 32));

    @BeforeAll
    static void dataset() throws IOException {
        SyntheticDataset data = MovingShapes.generate(dir.resolve("data"),
                new SyntheticConfig(3, 6, 0, 12, 48, 48, 25, 5, VideoFormat.MP4_H264));
        DatasetIndex index = Layout.LIST.read(data.trainList(), Optional.empty(), LayoutOptions.strict());
        good = index.samples();
        assertEquals(18, good.size());
    }

    private static ClipTransform trainingTransform() {
        ClipAugmentation aug = ClipAugmentation.compose(MultiScaleCrop.of(new FrameSize(32, 32)), HorizontalFlip.of(0.5),
                RandAugment.of(2, 9));
        return ClipTransform.augmentThenProcess(aug, ClipTransform.normalizer(VIDEOMAE_32), new ClipShape(8, 32, 32));
    }

    private static FrameSampler trainSampler() {
        return new UniformSampler(8, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
    }

    /** Every batch of an epoch, copied. */
    private static List<float[]> pixels(VideoLoader loader, int epoch, List<long[]> labels, List<int[]> indices) {
        List<float[]> out = new ArrayList<>();
        try (Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) {
                ClipBatch b = e.next();
                out.add(b.pixels().clone());
                labels.add(Arrays.copyOf(b.labels(), b.size()));
                indices.add(Arrays.copyOf(b.sampleIndices(), b.size()));
            }
            EpochStats stats = e.stats();
            assertEquals(out.size(), stats.batches());
            assertTrue(stats.clipsPerSecond() > 0, stats.toString());
            assertTrue(stats.consumerWaitSeconds() >= 0 && stats.consumerWaitSeconds() <= stats.seconds(), stats.toString());
        }
        return out;
    }

    @Test
    void sameSeedGivesIdenticalBatchesWithOneOrFourWorkers() {
        VideoLoader one = new VideoLoader(good, ClipSource.standard(), trainSampler(), trainingTransform(),
                LoaderConfig.training(4, 1, 42L));
        VideoLoader four = new VideoLoader(good, ClipSource.standard(), trainSampler(), trainingTransform(),
                LoaderConfig.training(4, 4, 42L));
        assertEquals(4, one.batchesPerEpoch()); // 18 samples, batch 4, last partial batch dropped
        for (int epoch = 0; epoch < 2; epoch++) {
            List<long[]> labels1 = new ArrayList<>();
            List<long[]> labels4 = new ArrayList<>();
            List<int[]> idx1 = new ArrayList<>();
            List<int[]> idx4 = new ArrayList<>();
            List<float[]> a = pixels(one, epoch, labels1, idx1);
            List<float[]> b = pixels(four, epoch, labels4, idx4);
            assertEquals(4, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "epoch " + epoch + " batch " + i + " pixels");
                assertArrayEquals(labels1.get(i), labels4.get(i));
                assertArrayEquals(idx1.get(i), idx4.get(i));
                for (int k = 0; k < idx1.get(i).length; k++) {
                    assertEquals(good.get(idx1.get(i)[k]).label(), labels1.get(i)[k], "label of the sample");
                }
            }
        }
        VideoLoader otherSeed = new VideoLoader(good, ClipSource.standard(), trainSampler(), trainingTransform(),
                LoaderConfig.training(4, 2, 43L));
        assertFalse(Arrays.equals(one.epochOrder(0), otherSeed.epochOrder(0)));
        assertFalse(Arrays.equals(one.epochOrder(0), one.epochOrder(1)), "a new order every epoch");
    }

    @Test
    void batchesAreLaidOutBtchwAsTheProcessorWritesThem() throws Exception {
        HfVideoProcessor processor = new HfVideoProcessor(VIDEOMAE_32);
        DenseSampler sampler = new DenseSampler(8, 1, SamplingMode.EVAL, ShortVideoPolicy.LOOP);
        VideoLoader loader = new VideoLoader(good.subList(0, 5), ClipSource.standard(), sampler,
                ClipTransform.process(processor, 8), LoaderConfig.evaluation(2, 2, 0L));
        assertEquals(3, loader.batchesPerEpoch());
        int clipFloats = 8 * 3 * 32 * 32;
        try (Epoch e = loader.epoch(0)) {
            for (int b = 0; b < 3; b++) {
                ClipBatch batch = e.next();
                assertEquals(b, batch.index());
                assertEquals(b < 2 ? 2 : 1, batch.size());
                assertArrayEquals(new long[] {batch.size(), 8, 3, 32, 32}, batch.shape());
                for (int k = 0; k < batch.size(); k++) {
                    int sample = b * 2 + k;
                    assertEquals(sample, batch.sampleIndices()[k], "evaluation keeps dataset order");
                    VideoClip clip = ClipSource.standard().decode(good.get(sample).path(), sampler.view(12, 0, 1));
                    float[] expected = processor.process(clip);
                    assertArrayEquals(expected, Arrays.copyOfRange(batch.pixels(), k * clipFloats, (k + 1) * clipFloats));
                }
                if (batch.size() == 1) {
                    assertEquals(-1, batch.labels()[1], "padding of a partial batch");
                    assertEquals(0f, batch.pixels()[clipFloats + 17]);
                }
            }
            assertFalse(e.hasNext());
        }
    }

    @Test
    void corruptAndTruncatedVideosAreSkippedAndReported() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        byte[] video = Files.readAllBytes(good.get(0).path());
        Path truncated = Files.write(bad.resolve("truncated.mp4"), Arrays.copyOf(video, video.length / 3));
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        Path corrupt = Files.write(bad.resolve("corrupt.mp4"), noise);
        Path empty = Files.write(bad.resolve("empty.mp4"), new byte[0]);
        List<VideoSample> samples = new ArrayList<>(good);
        samples.add(3, VideoSample.of(truncated, 0));
        samples.add(9, VideoSample.of(corrupt, 1));
        samples.add(VideoSample.of(empty, 2));
        Set<Integer> badIndices = Set.of(3, 9, samples.size() - 1);

        // every position served (no drop-last), so every bad video is met in the first epoch
        VideoLoader loader = new VideoLoader(samples, ClipSource.standard(), trainSampler(), trainingTransform(),
                new LoaderConfig(4, 3, 2, true, false, 7L, OnError.SKIP, Shard.all()));
        assertEquals(21, samples.size());
        int clips = 0;
        try (Epoch e = loader.epoch(0)) {
            while (e.hasNext()) {
                ClipBatch b = e.next();
                assertEquals(b.index() < 5 ? 4 : 1, b.size(), "batches stay full (21 = 5 x 4 + 1)");
                for (int k = 0; k < b.size(); k++) {
                    assertFalse(badIndices.contains(b.sampleIndices()[k]), "a bad sample was served");
                    clips++;
                }
            }
            assertEquals(clips, e.stats().clips());
            // every bad sample that fell inside the served positions was replaced
            int[] order = loader.epochOrder(0);
            long badServed = Arrays.stream(order, 0, clips).filter(badIndices::contains).count();
            assertEquals(badServed, e.stats().substituted());
        }
        // a second epoch does not try them again (already known) and still gives full batches
        List<long[]> labels = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        pixels(loader, 1, labels, indices);
        indices.forEach(ix -> Arrays.stream(ix).forEach(i -> assertFalse(badIndices.contains(i))));

        List<UnreadableVideo> reported = loader.unreadable();
        Set<Path> reportedPaths = new HashSet<>();
        reported.forEach(u -> reportedPaths.add(u.path()));
        assertEquals(Set.of(truncated, corrupt, empty), reportedPaths, reported.toString());
        for (UnreadableVideo u : reported) {
            assertEquals(u.path().equals(empty) ? DecodeFailure.EMPTY : DecodeFailure.UNREADABLE, u.reason(), u.toString());
            assertFalse(u.detail().isBlank());
        }

        VideoLoader strict = new VideoLoader(samples, ClipSource.standard(), trainSampler(), trainingTransform(),
                LoaderConfig.evaluation(4, 2, 7L).withOnError(OnError.FAIL).withWorkers(2));
        try (Epoch e = strict.epoch(0)) {
            LoaderException ex = assertThrows(LoaderException.class, () -> {
                while (e.hasNext()) {
                    e.next();
                }
            });
            assertTrue(ex.getMessage().contains("truncated.mp4"), ex.getMessage());
        }
    }

    @Test
    void anEpochOfSelectedBatchesServesExactlyThoseBatchesOfTheFullEpoch() {
        VideoLoader loader = new VideoLoader(good, ClipSource.standard(), trainSampler(), trainingTransform(),
                LoaderConfig.training(4, 2, 42L));
        List<long[]> labels = new ArrayList<>();
        List<int[]> indices = new ArrayList<>();
        List<float[]> all = pixels(loader, 1, labels, indices);
        int[] selected = {3, 1};                                     // a replica's batches, in its reading order
        try (Epoch e = loader.epoch(1, selected)) {
            assertEquals(2, e.batches());
            for (int b : selected) {
                ClipBatch batch = e.next();
                assertEquals(b, batch.index());
                assertArrayEquals(all.get(b), batch.pixels(), "batch " + b + " pixels");
                assertArrayEquals(indices.get(b), Arrays.copyOf(batch.sampleIndices(), batch.size()));
            }
            assertFalse(e.hasNext());
        }
        assertThrows(IllegalArgumentException.class, () -> loader.epoch(1, new int[]{4}));
    }

    @Test
    void shardsCoverEverySampleOnce() {
        VideoLoader loader = new VideoLoader(good, ClipSource.standard(), trainSampler(), trainingTransform(),
                new LoaderConfig(4, 2, 1, true, false, 9L, OnError.SKIP, Shard.all()));
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> seen = new ArrayList<>();
            int total = 0;
            for (int s = 0; s < 3; s++) {
                VideoLoader shard = loader.shard(s, 3);
                assertEquals(6, shard.samplesPerEpoch());
                List<long[]> labels = new ArrayList<>();
                List<int[]> indices = new ArrayList<>();
                pixels(shard, epoch, labels, indices);
                for (int[] ix : indices) {
                    for (int i : ix) {
                        seen.add(i);
                    }
                }
                total += shard.samplesPerEpoch();
            }
            assertEquals(good.size(), total);
            assertEquals(good.size(), seen.size());
            assertEquals(good.size(), new HashSet<>(seen).size(), "epoch " + epoch + ": no sample twice, none missing");
        }
        VideoLoader uneven = loader.shard(1, 4); // 18 = 5 + 5 + 4 + 4
        assertEquals(5, uneven.samplesPerEpoch());
        assertEquals(4, loader.shard(3, 4).samplesPerEpoch());
    }

    @Test
    void aSampleGetsTheSameClipWhereverTheOrderPutsIt() {
        // The clip of a sample depends on (seed, epoch, sample index) only, not on its position: a shuffled and
        // an unshuffled loader with the same seed give every sample the same frames and augmentation.
        LoaderConfig shuffled = new LoaderConfig(5, 2, 2, true, false, 11L, OnError.SKIP, Shard.all());
        LoaderConfig ordered = new LoaderConfig(3, 3, 1, false, false, 11L, OnError.SKIP, Shard.all());
        java.util.Map<Integer, float[]> a = clipsBySample(new VideoLoader(good, ClipSource.standard(), trainSampler(),
                trainingTransform(), shuffled), 2);
        java.util.Map<Integer, float[]> b = clipsBySample(new VideoLoader(good, ClipSource.standard(), trainSampler(),
                trainingTransform(), ordered), 2);
        assertEquals(good.size(), a.size());
        for (int i = 0; i < good.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "sample " + i);
        }
        assertFalse(Arrays.equals(a.get(0), clipsBySample(new VideoLoader(good, ClipSource.standard(), trainSampler(),
                trainingTransform(), ordered), 3).get(0)), "another epoch, another clip");
    }

    private static java.util.Map<Integer, float[]> clipsBySample(VideoLoader loader, int epoch) {
        java.util.Map<Integer, float[]> out = new java.util.HashMap<>();
        int n = loader.clipShape().floats();
        try (Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) {
                ClipBatch b = e.next();
                for (int k = 0; k < b.size(); k++) {
                    out.put(b.sampleIndices()[k], Arrays.copyOfRange(b.pixels(), k * n, (k + 1) * n));
                }
            }
        }
        return out;
    }
}
