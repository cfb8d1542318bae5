package org.tubelet.datasets.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.augment.ClipAugmentation;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.augment.MultiScaleCrop;
import org.tubelet.datasets.layout.Layout;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.VideoSample;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.sampling.DenseSampler;
import org.tubelet.datasets.sampling.SamplingMode;
import org.tubelet.datasets.sampling.ShortVideoPolicy;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.CachingClipSource;
import org.tubelet.datasets.video.ClipSource;
import org.tubelet.datasets.video.RecordingClipSource;
import org.tubelet.datasets.video.VideoFormat;

/**
 * {@code data.cache: true} ({@link CachingClipSource} under the training loader): real mp4 files are decoded once,
 * in the first epoch, never again in the second, and every batch of both epochs is bit-identical to the batches of
 * a loader that decodes each clip from the file.
 */
class CachedDecodingTest {

    @Test
    void theSecondEpochDecodesNothingAndBothEpochsGiveTheUncachedClips(@TempDir Path dir) throws IOException {
        List<VideoSample> samples = Layout.LIST.read(MovingShapes.generate(dir, new SyntheticConfig(3, 3, 0, 14, 40,
                40, 25, 11, VideoFormat.MP4_H264)).trainList(), Optional.empty(), LayoutOptions.strict()).samples();
        ProcessorConfig pc = ProcessorConfig.defaults(ProcessorType.VIDEOMAE).withSize(new ShortestEdge(32))
                .withCropSize(new FrameSize(32, 32));
        ClipAugmentation aug = ClipAugmentation.compose(MultiScaleCrop.of(new FrameSize(32, 32)),
                HorizontalFlip.of(0.5));
        ClipTransform transform = ClipTransform.augmentThenProcess(aug, ClipTransform.normalizer(pc),
                new ClipShape(6, 32, 32));
        DenseSampler sampler = new DenseSampler(6, 2, SamplingMode.TRAIN, ShortVideoPolicy.LOOP);
        RecordingClipSource decoder = new RecordingClipSource(ClipSource.standard());
        VideoLoader cached = new VideoLoader(samples, new CachingClipSource(decoder), sampler, transform,
                LoaderConfig.training(3, 2, 5L));
        VideoLoader direct = new VideoLoader(samples, ClipSource.standard(), sampler, transform,
                LoaderConfig.training(3, 2, 5L));

        List<float[]> first = batches(cached, 0);
        Map<Path, Long> decodes = decoder.decodes().stream().collect(Collectors.groupingBy(
                RecordingClipSource.Decode::path, Collectors.counting()));
        assertEquals(samples.size(), decodes.size(), "every video decoded in the first epoch");
        decodes.forEach((p, n) -> assertEquals(1L, n, p + " decoded once"));
        decoder.decodes().forEach(d -> assertEquals(14, d.frames().length, "the whole video at once"));

        List<float[]> second = batches(cached, 1);
        assertEquals(samples.size(), decoder.decodes().size(), "the second epoch decodes nothing");

        List<float[]> firstDirect = batches(direct, 0);
        List<float[]> secondDirect = batches(direct, 1);
        assertEquals(3, first.size());
        for (int b = 0; b < first.size(); b++) {
            assertArrayEquals(firstDirect.get(b), first.get(b), "epoch 0 batch " + b);
            assertArrayEquals(secondDirect.get(b), second.get(b), "epoch 1 batch " + b);
        }
        assertTrue(!java.util.Arrays.equals(first.get(0), second.get(0)), "a new epoch, new clips and crops");
    }

    private static List<float[]> batches(VideoLoader loader, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (Epoch e = loader.epoch(epoch)) {
            while (e.hasNext()) {
                out.add(e.next().pixels().clone());
            }
        }
        return out;
    }
}
