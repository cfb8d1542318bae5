package org.tubelet.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeated augmentation on the in-memory synthetic set: R clips per video, each with its own random crop. */
class SyntheticRepeatsTest {

    @Test
    void eachVideoGivesRClipsWithTheirOwnCropsAndEpochsCountVideos() throws Exception {
        SyntheticData data = new SyntheticData(new SyntheticMotion(4, 12, 24, 3), 10, 4, 4, 2, 16,
                List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
        BatchSource plain = data.train(2, 7L);
        BatchSource repeated = data.train(2, 7L, 3);
        assertEquals(5, repeated.batchesPerEpoch(), "10 videos in batches of 2 videos");
        plain.seek(1, 2);
        repeated.seek(1, 2);
        Batch one = plain.next();
        Batch three = repeated.next();
        assertEquals(6, three.size());
        float[] a = one.pixels().data().asFloat();
        float[] b = three.pixels().data().asFloat();
        int clip = a.length / 2;
        for (int v = 0; v < 2; v++) {
            for (int r = 0; r < 3; r++) {
                assertEquals(one.videoIds()[v], three.videoIds()[v * 3 + r]);
                assertEquals(one.labels().getLong(v), three.labels().getLong(v * 3 + r));
            }
            assertArrayEquals(Arrays.copyOfRange(a, v * clip, (v + 1) * clip),
                    Arrays.copyOfRange(b, v * 3 * clip, (v * 3 + 1) * clip), "clip 0 is the clip R = 1 gives");
            assertFalse(Arrays.equals(Arrays.copyOfRange(b, v * 3 * clip, (v * 3 + 1) * clip),
                    Arrays.copyOfRange(b, (v * 3 + 1) * clip, (v * 3 + 2) * clip)), "clips 0 and 1 differ");
        }
    }
}
