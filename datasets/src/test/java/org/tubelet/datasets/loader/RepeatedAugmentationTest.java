package org.tubelet.datasets.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.MultiScaleCrop;
import org.tubelet.datasets.augment.RandAugment;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.sampling.SamplingScheme;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.VideoFormat;

/**
 * Repeated augmentation (VideoMAE's {@code num_sample}): each video of a batch gives R consecutive clips, cut from the
 * same frames and augmented differently; epochs still count videos; R = 1 is the plain loader.
 */
class RepeatedAugmentationTest {
    @TempDir
    static Path dir;
    static List<VideoSample> videos;

    private static final ProcessorConfig VIDEOMAE_32 = ProcessorConfig.defaults(ProcessorType.VIDEOMAE)
            .withSize(new ShortestEdge(32)).withCropSize(new FrameSize(32, 32));

    @BeforeAll
    static void dataset() throws IOException {
        var data = MovingShapes.generate(dir.resolve("data"), new SyntheticConfig(3, 3, 0, 20, 48, 48, 25, 9,
                VideoFormat.MP4_H264));
        videos = Layout.LIST.read(data.trainList(), Optional.empty(), LayoutOptions.strict()).samples();
        assertEquals(9, videos.size());
    }

    private static ClipTransform augmenting() {
        return ClipTransform.augmentThenProcess(ClipAugmentation.compose(MultiScaleCrop.of(new FrameSize(32, 32)),
                HorizontalFlip.of(0.5), RandAugment.timm(2, 9, 0.5)), ClipTransform.normalizer(VIDEOMAE_32),
                new ClipShape(8, 32, 32));
    }

    /** Uniform sampling: random frames in each segment, so two clips of a video share frames only by design. */
    private static FrameSampler sampler() {
        return new ClipLoaders(8, 1, SamplingScheme.UNIFORM).trainingSampler();
    }

    private record Served(List<float[]> clips, List<Integer> videos, List<Long> labels, int batches) {
    }

    private static Served epoch(VideoLoader loader, int epoch) {
        List<float[]> clips = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        int n = loader.clipShape().floats();
        int batches = 0;
        try (Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) {
                ClipBatch b = e.next();
                batches++;
                assertEquals(loader.config().clipsPerBatch(), b.size());
                assertEquals(b.size(), b.shape()[0]);
                for (int k = 0; k < b.size(); k++) {
                    clips.add(Arrays.copyOfRange(b.pixels(), k * n, (k + 1) * n));
                    ids.add(b.sampleIndices()[k]);
                    labels.add(b.labels()[k]);
                }
            }
            assertEquals(clips.size(), e.stats().clips(), "the throughput counts clips");
        }
        return new Served(clips, ids, labels, batches);
    }

    @Test
    void eachVideoGivesRConsecutiveDifferentlyAugmentedClipsAndEpochsCountVideos() {
        int r = 3;
        VideoLoader plain = new VideoLoader(videos, ClipSource.standard(), sampler(), augmenting(),
                LoaderConfig.training(2, 2, 42L));
        VideoLoader repeated = new VideoLoader(videos, ClipSource.standard(), sampler(), augmenting(),
                LoaderConfig.training(2, 2, 42L).withRepeats(r));
        assertEquals(4, repeated.batchesPerEpoch(), "9 videos in batches of 2 videos: epochs count videos");
        assertEquals(plain.batchesPerEpoch(), repeated.batchesPerEpoch());
        Served one = epoch(plain, 1);
        Served many = epoch(repeated, 1);
        assertEquals(4, many.batches());
        assertEquals(8 * r, many.clips().size());
        for (int v = 0; v < 8; v++) {
            int video = one.videos().get(v);
            for (int k = 0; k < r; k++) {
                assertEquals(video, many.videos().get(v * r + k), "clip " + k + " of the batch's video " + v);
                assertEquals(videos.get(video).label(), many.labels().get(v * r + k));
            }
            assertArrayEquals(one.clips().get(v), many.clips().get(v * r), "clip 0 is the clip R = 1 gives");
            for (int a = 0; a < r; a++) {
                for (int b = a + 1; b < r; b++) {
                    assertFalse(Arrays.equals(many.clips().get(v * r + a), many.clips().get(v * r + b)),
                            "video " + video + ": clips " + a + " and " + b + " are augmented differently");
                }
            }
        }
        Served again = epoch(new VideoLoader(videos, ClipSource.standard(), sampler(), augmenting(),
                LoaderConfig.training(2, 1, 42L).withRepeats(r)), 1);
        for (int i = 0; i < many.clips().size(); i++) {
            assertArrayEquals(many.clips().get(i), again.clips().get(i), "reproducible with another worker count");
        }
    }

    @Test
    void theClipsOfAVideoShareItsFrames() {
        // Without augmentation the R clips of a video are identical: the frames were sampled once (uniform sampling
        // draws a random frame per segment, so a second draw would differ).
        VideoLoader loader = new VideoLoader(videos, ClipSource.standard(), sampler(),
                ClipTransform.process(new HfVideoProcessor(VIDEOMAE_32), 8),
                LoaderConfig.training(3, 1, 7L).withRepeats(2));
        Served s = epoch(loader, 0);
        for (int v = 0; v < s.clips().size(); v += 2) {
            assertArrayEquals(s.clips().get(v), s.clips().get(v + 1), "video " + s.videos().get(v));
        }
        VideoLoader twice = new VideoLoader(videos, ClipSource.standard(), sampler(),
                ClipTransform.process(new HfVideoProcessor(VIDEOMAE_32), 8), LoaderConfig.training(3, 1, 8L));
        assertFalse(Arrays.equals(s.clips().get(0), epoch(twice, 0).clips().get(0)), "another seed, other frames");
    }
}
