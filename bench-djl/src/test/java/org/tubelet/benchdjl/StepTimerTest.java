package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepTimerTest {

    @Test
    void medianOfAnOddAndAnEvenCount() {
        StepTimer.Timing odd = StepTimer.summarise(30, 10, 20);
        assertEquals(new StepTimer.Timing(20, 10, 30), odd);
        StepTimer.Timing even = StepTimer.summarise(40, 10, 30, 20);
        assertEquals(new StepTimer.Timing(25, 10, 40), even);
    }

    @Test
    void runsWarmupPlusMeasuredStepsAndTimesOnlyTheMeasuredOnes() {
        int[] calls = {0};
        // The warm-up steps sleep 50 ms, the measured ones do nothing: the slowest measured step stays well below.
        StepTimer.Timing t = StepTimer.time(() -> {
            if (calls[0]++ < 2) {
                sleep(50);
            }
        }, 2, 3);
        assertEquals(5, calls[0]);
        assertEquals(true, t.maxMs() < 40, "a warm-up step was timed: " + t);
    }

    @Test
    void noStepsIsAnError() {
        assertThrows(IllegalArgumentException.class, StepTimer::summarise);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
