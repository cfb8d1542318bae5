package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmupTest {

    @Test
    void stopsOnceTheCompilersHaveBeenQuietForSomeSteps() throws Exception {
        // Compilation during the first 5 steps (10 ms each, more than 2 % of a 4 ms step), none after.
        AtomicInteger runs = new AtomicInteger();
        AtomicLong compiled = new AtomicLong();
        JitWarmup.Result r = JitWarmup.untilQuiet(() -> {
            if (runs.incrementAndGet() <= 5) {
                compiled.addAndGet(10);
            }
            Thread.sleep(4);
        }, 0, 60, compiled::get);
        assertTrue(r.quiet());
        assertEquals(5 + JitWarmup.QUIET_STEPS, r.steps());
        assertEquals(r.steps(), runs.get());
    }

    @Test
    void runsAtLeastTheMinimumEvenWhenNothingCompiles() throws Exception {
        JitWarmup.Result r = JitWarmup.untilQuiet(() -> Thread.sleep(1), 0, 60, () -> 0L);
        assertTrue(r.quiet());
        assertEquals(Math.max(JitWarmup.MIN_STEPS, JitWarmup.QUIET_STEPS), r.steps());
    }

    @Test
    void quietCompilersDoNotEndTheWarmUpBeforeTheMinimumTime() throws Exception {
        JitWarmup.Result r = JitWarmup.untilQuiet(() -> Thread.sleep(5), 0.3, 60, () -> 0L);
        assertTrue(r.quiet());
        assertTrue(r.seconds() >= 0.3, "stopped after " + r.seconds() + " s");
        assertTrue(r.steps() > Math.max(JitWarmup.MIN_STEPS, JitWarmup.QUIET_STEPS), r.steps() + " steps");
    }

    @Test
    void givesUpAfterTheTimeCapWhenCompilationNeverStops() throws Exception {
        AtomicLong compiled = new AtomicLong();
        JitWarmup.Result r = JitWarmup.untilQuiet(() -> {
            compiled.addAndGet(100);
            Thread.sleep(20);
        }, 0, 0.2, compiled::get);
        assertFalse(r.quiet());
        assertTrue(r.seconds() >= 0.2, "stopped after " + r.seconds() + " s");
        assertTrue(r.steps() < 50, r.steps() + " steps");
    }

    @Test
    void realJvmWarmUpSettlesOnASteadyLoop() throws Exception {
        double[] sink = {0};
        JitWarmup.Result r = JitWarmup.untilQuiet(() -> {
            for (int i = 0; i < 200_000; i++) {
                sink[0] += Math.sqrt(i);
            }
            Thread.sleep(20);
        }, 0, 60);
        assertTrue(r.steps() >= JitWarmup.MIN_STEPS);
        assertTrue(r.quiet(), "no quiet compilers within 60 s: " + r);
    }

}
