package org.tubelet.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one mixing function: deterministic, position-sensitive, and what every named stream is built on. */
class SeedsTest {

    @Test
    void namedStreamsAreUsesOfTheOneMixingFunction() {
        assertEquals(Seeds.of(7, 3), Seeds.mix(7, 3));
        assertEquals(Seeds.of(Seeds.epochSeed(7, 2), 5), Seeds.sampleSeed(Seeds.epochSeed(7, 2), 5));
        assertEquals(Seeds.sampleRandom(7, 2, 5).nextLong(),
                new SplittableRandom(Seeds.sampleSeed(Seeds.epochSeed(7, 2), 5)).nextLong());
    }

    @Test
    void everyPositionGetsItsOwnSeed() {
        Set<Long> seen = new HashSet<>();
        for (long a = 0; a < 20; a++) {
            for (long b = 0; b < 20; b++) {
                seen.add(Seeds.of(42, a, b));
            }
        }
        assertEquals(400, seen.size());
        assertNotEquals(Seeds.of(42, 1, 2), Seeds.of(42, 2, 1), "the order of the parts matters");
        assertNotEquals(Seeds.of(42), Seeds.of(42, 0), "an added part changes the seed");
        int flipped = Long.bitCount(Seeds.of(42, 1000) ^ Seeds.of(43, 1000));
        assertTrue(flipped > 16 && flipped < 48, "a one-bit change flips about half of the bits: " + flipped);
    }
}
