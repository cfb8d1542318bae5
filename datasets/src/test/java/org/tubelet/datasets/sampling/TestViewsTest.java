package org.tubelet.datasets.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tubelet.datasets.loader.ClipLoaders;

/** The one test-view formula (mmaction2's test mode) that eval, predict and the synthetic data share. */
class TestViewsTest {

    @Test
    void fourClipsOfSixteenByTwoInAThreeHundredFrameVideoStartWhereMmaction2PutsThem() {
        int span = DenseSampler.span(16, 2);                                   // 31 frames
        int[] starts = new int[4];
        for (int v = 0; v < 4; v++) {
            starts[v] = TestViews.start(300, span, v, 4);                      // floor((v + 0.5) * 270 / 4)
        }
        assertArrayEquals(new int[] {33, 101, 168, 236}, starts);
    }

    @Test
    void theTestSamplerOfTheLoadersUsesTheSameStarts() {
        FrameSampler views = new ClipLoaders(16, 2).testSampler();
        for (int v = 0; v < 4; v++) {
            int[] frames = views.view(300, v, 4);
            assertEquals(TestViews.start(300, 31, v, 4), frames[0]);
            assertEquals(frames[0] + 30, frames[15]);
        }
        assertArrayEquals(views.view(300, 2, 4),
                new ViewSampler(views, 2, 4).sample(300, new SplittableRandom(1)), "a view sampler ignores the rng");
    }

    @Test
    void oneViewIsCentredAndShortVideosStartAtZero() {
        assertEquals(35, TestViews.start(100, 31, 0, 1));                      // floor(0.5 * 70)
        assertEquals(0, TestViews.start(20, 31, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> TestViews.start(100, 31, 3, 3));
    }

    @Test
    void cropOffsetsAreCentredOrStartCentreEnd() {
        assertEquals(16, TestViews.cropOffset(256, 224, 0, 1));
        assertEquals(0, TestViews.cropOffset(256, 224, 0, 3));
        assertEquals(16, TestViews.cropOffset(256, 224, 1, 3));
        assertEquals(32, TestViews.cropOffset(256, 224, 2, 3));
        assertEquals(0, TestViews.cropOffset(200, 224, 2, 3), "no room: no offset");
        assertThrows(IllegalArgumentException.class, () -> TestViews.cropOffset(256, 224, 3, 3));
    }
}
