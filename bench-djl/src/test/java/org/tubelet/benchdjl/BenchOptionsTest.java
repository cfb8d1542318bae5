package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheBenchReferencesSettings() {
        BenchOptions o = BenchOptions.parse("--dir", "out/vivit");
        assertEquals(Path.of("out/vivit"), o.dir());
        assertEquals(2, o.threads());
        assertEquals(10, o.warmup());   // bench/run.sh's WARMUP default, as PyTorch 1.13's
        assertEquals(5, o.steps());
        assertEquals(Set.of(BenchOptions.Phase.FORWARD, BenchOptions.Phase.TRAIN), o.what());
        assertFalse(o.json());
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse("--dir", "d", "--threads", "3", "--warmup", "0", "--steps", "7",
                "--what", "train", "--json");
        assertEquals(3, o.threads());
        assertEquals(0, o.warmup());
        assertEquals(7, o.steps());
        assertEquals(Set.of(BenchOptions.Phase.TRAIN), o.what());
        assertTrue(o.json());
    }

    @Test
    void badInputNamesTheOptionAndTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--threads", "2"))
                .getMessage().contains("--dir"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--dir", "d", "--steps", "x")).getMessage().contains("--steps must be an "
                + "integer, got 'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--dir", "d", "--steps", "0")).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--dir", "d", "--what", "forward,backward")).getMessage()
                .contains("'backward'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--dir", "d", "--batch", "4")).getMessage().contains("'--batch'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--dir"))
                .getMessage().contains("--dir needs a value"));
    }
}
