package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
    private static final long MB = 1 << 20;

    @Test
    void trimsOnlyAfterTheResidentSizeHasGrownByTheThresholdSinceTheLastTrim() {
        long[] rss = {1000 * MB};
        List<Long> trimmedAt = new ArrayList<>();
        NativeHeap.Trimmer t = new NativeHeap.Trimmer(128 * MB, () -> rss[0], () -> {
            trimmedAt.add(rss[0] / MB);
            rss[0] -= 200 * MB;                                  // the trim gives 200 MB back
        });
        assertFalse(t.afterStep());                              // first step: the baseline, 1000 MB
        rss[0] += 127 * MB;
        assertFalse(t.afterStep());                              // 127 MB of growth: not yet
        rss[0] += MB;
        assertTrue(t.afterStep());                               // 128 MB: trim, new baseline 928 MB
        assertEquals(List.of(1128L), trimmedAt);
        rss[0] += 100 * MB;
        assertFalse(t.afterStep());                              // 1028: 100 MB above the new baseline
        rss[0] += 28 * MB;
        assertTrue(t.afterStep());
        assertEquals(List.of(1128L, 1056L), trimmedAt);
        assertEquals(2, t.trims());
    }

    @Test
    void turnedOffItNeverTrims() {
        int[] calls = {0};
        NativeHeap.Trimmer off = new NativeHeap.Trimmer(Long.MAX_VALUE, () -> 1L << 40, () -> calls[0]++);
        for (int i = 0; i < 3; i++) {
            assertFalse(off.afterStep());
        }
        assertEquals(0, calls[0]);
    }

    @Test
    void readsMallocsCountersAndTheResidentSizeOnThisMachine() {
        // glibc 2.33+ (Debian bookworm's 2.36 here): the counters exist and malloc has handed out memory
        NativeHeap.Stats s = NativeHeap.stats().orElseThrow();
        assertTrue(s.inUse() > 0 && s.kept() >= 0, s.toString());
        assertTrue(NativeHeap.residentBytes() > 10 * MB, "RSS " + NativeHeap.residentBytes());
        NativeHeap.trim();                                       // runs; whether it released anything varies
    }
}
