package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeakRssTest {

    @Test
    void readsVmHwmInMegabytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  1536000 kB\nVmRSS:\t 1000 kB\n";
        assertEquals(1500, PeakRss.fromStatus(status));   // 1,536,000 kB / 1024
        assertEquals(-1, PeakRss.fromStatus("Name:\tjava\n"));
        assertThrows(IllegalArgumentException.class, () -> PeakRss.fromStatus("VmHWM:\t12 MB\n"));
    }

    @Test
    void thisProcessHasAPeakAtLeastAsLargeAsItsHeapInUse() {
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) {
            touched[i] = 1;
        }
        assertTrue(PeakRss.megabytes() >= 64, "peak RSS below the 64 MB just touched: " + PeakRss.megabytes());
        assertEquals(1, touched[4096]);
    }
}
