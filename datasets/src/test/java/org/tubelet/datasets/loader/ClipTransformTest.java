package org.tubelet.datasets.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.augment.HorizontalFlip;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.video.TestVideos;
import org.tubelet.datasets.video.VideoClip;

/** The test-view and augmentation factories of {@link ClipTransform}. */
class ClipTransformTest {
    private static final ProcessorConfig CONFIG = ProcessorConfig.builder(ProcessorType.VIDEOMAE)
            .size(new ShortestEdge(16)).cropSize(new FrameSize(16, 16)).build();

    @Test
    void theBuilderStartsFromHuggingFacesDefaultsAndSetsWhatItIsTold() {
        assertEquals(ProcessorConfig.defaults(ProcessorType.VIDEOMAE),
                ProcessorConfig.builder(ProcessorType.VIDEOMAE).build());
        ProcessorConfig c = CONFIG.toBuilder().normalize(true, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25))
                .build();
        assertEquals(List.of(0.25, 0.25, 0.25), c.imageStd());
        assertEquals(new ShortestEdge(16), c.size());
        assertEquals(CONFIG.withCropSize(new FrameSize(8, 8)), CONFIG.toBuilder().cropSize(new FrameSize(8, 8)).build());
    }

    @Test
    void oneSpatialViewIsTheProcessorsCentreCropAndThreeCoverTheLongSide() {
        VideoClip clip = TestVideos.patternClip(2, 16, 32);                     // wide: crops move along x
        float[] centre = run(ClipTransform.spatialView(CONFIG, 2, 0, 1), clip);
        assertArrayEquals(run(ClipTransform.process(new HfVideoProcessor(CONFIG), 2), clip), centre);
        float[] middle = run(ClipTransform.spatialView(CONFIG, 2, 1, 3), clip);
        assertArrayEquals(centre, middle, "crop 1 of 3 is the centre crop");
        float[] left = run(ClipTransform.spatialView(CONFIG, 2, 0, 3), clip);
        float[] right = run(ClipTransform.spatialView(CONFIG, 2, 2, 3), clip);
        assertFalse(Arrays.equals(left, right));
        ClipTransform process = ClipTransform.process(new HfVideoProcessor(CONFIG), 2);
        assertArrayEquals(run(process, columns(clip, 0, 16)), left, "crop 0 of 3 starts at the left edge");
        assertArrayEquals(run(process, columns(clip, 16, 16)), right, "crop 2 of 3 ends at the right edge");
    }

    @Test
    void aFlipThenTheWholeProcessorIsTheProcessorOfTheFlippedClip() {
        VideoClip clip = TestVideos.patternClip(2, 20, 24);
        ClipTransform flipThenProcess = ClipTransform.augmentThenFullProcess(HorizontalFlip.of(1.0),
                new HfVideoProcessor(CONFIG), 2);
        var flipped = HorizontalFlip.of(1.0).apply(new org.tubelet.datasets.augment.LabeledClip(clip, 0),
                new SplittableRandom(3)).clip();
        assertArrayEquals(run(ClipTransform.process(new HfVideoProcessor(CONFIG), 2), flipped),
                run(flipThenProcess, clip));
    }

    /** Columns {@code x0 .. x0 + w - 1} of every frame. */
    private static VideoClip columns(VideoClip clip, int x0, int w) {
        byte[] out = new byte[clip.frames() * clip.height() * w * 3];
        for (int t = 0; t < clip.frames(); t++) {
            for (int y = 0; y < clip.height(); y++) {
                System.arraycopy(clip.rgb(), ((t * clip.height() + y) * clip.width() + x0) * 3, out,
                        ((t * clip.height() + y) * w) * 3, w * 3);
            }
        }
        return new VideoClip(clip.frames(), clip.height(), w, out);
    }

    private static float[] run(ClipTransform t, VideoClip clip) {
        float[] out = new float[t.outputShape().floats()];
        t.apply(clip, 0, new SplittableRandom(3), out, 0);
        return out;
    }
}
