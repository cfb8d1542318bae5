package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tubelet.run.ModelBench.Engine;
import org.tubelet.run.ModelBench.Phase;
import org.tubelet.testing.Fixtures;

/** The bench's composition without the CLI: settings are validated, timing lines go to the given stream. */
class ModelBenchTest {

    private static ModelBench.Settings settings(int batch, double minSeconds, double maxSeconds, Set<Phase> phases,
                                                Engine engine, boolean profile) {
        return new ModelBench.Settings(Fixtures.hf("vivit_tiny").resolve("config.json").toString(), batch, 1,
                OptionalInt.of(0), minSeconds, maxSeconds, 0.9, phases, engine, profile, 5);
    }

    @Test
    void settingsRejectWhatTheCommandRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(0, 0, 60, EnumSet.allOf(Phase.class), Engine.SESSION, false));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(1, 90, 60, EnumSet.allOf(Phase.class), Engine.SESSION, false));
        assertTrue(e.getMessage().startsWith("--warmup-min-seconds must be between 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(1, 0, 60, EnumSet.allOf(Phase.class), Engine.GRADIENTS, true));
        assertTrue(e.getMessage().contains("drop --engine gradients"), e.getMessage());
        // profiling the forward pass alone works with any engine
        assertEquals(Set.of(Phase.FORWARD), settings(1, 0, 60, EnumSet.of(Phase.FORWARD), Engine.GRADIENTS, true).phases());
    }

    @Test
    void timesTheChosenPhasesAndWritesTheirLinesToTheGivenStream() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ModelBench.Result r = ModelBench.run(settings(2, 0, 60, EnumSet.of(Phase.FORWARD), Engine.SESSION, false),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("forward: median "), out);
        assertEquals("VivitForVideoClassification", r.model());
        assertEquals(2, r.batch());
        assertTrue(r.parameters() > 0 && r.forwardGflop() > 0);
        assertTrue(r.forward().medianMs() > 0);
        assertEquals(0, r.forward().warmup().steps());
        assertNull(r.train());
        assertTrue(Double.isNaN(r.clipsPerSecond()));
    }
}
