package org.tubelet.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.cli.Main;

/** {@code distributed:} binds, validates, round-trips, and without the Spark jar a distributed run is a usage error. */
class DistributedRecipeTest {
    @TempDir
    Path dir;

    private Recipe load(String... sets) throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, RecipeErrorsTest.VALID);
        return Recipes.load(f.toString(), List.of(sets));
    }

    @Test
    void defaultsAreOneProcess() throws Exception {
        DistributedSection d = load().distributed();
        assertEquals(new DistributedSection(1, 0, List.of(0, 0), 100, 600), d);
        assertFalse(d.enabled());
    }

    @Test
    void everyKeyBindsAndTheResolvedRecipeReadsBack() throws Exception {
        Recipe r = load("distributed.workers=4", "distributed.threads_per_worker=2",
                "distributed.port_range=[40000, 40099]", "distributed.check_every=10", "distributed.timeout_s=30");
        assertEquals(new DistributedSection(4, 2, List.of(40000, 40099), 10, 30), r.distributed());
        assertTrue(r.distributed().enabled());
        assertEquals(r.distributed(), Recipes.parse("resolved", r.toYaml()).distributed());
    }

    @Test
    void badValuesNameTheKey() {
        for (String[] bad : new String[][]{{"distributed.workers=0", "workers"},
                {"distributed.threads_per_worker=-1", "threads_per_worker"},
                {"distributed.port_range=[40100, 40000]", "port_range"},
                {"distributed.port_range=[0, 40000]", "port_range"},
                {"distributed.port_range=[40000]", "port_range"},
                {"distributed.check_every=-1", "check_every"}, {"distributed.timeout_s=0", "timeout_s"},
                {"distributed.nodes=2", "nodes"}}) {
            Exception e = assertThrows(Exception.class, () -> load(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void withoutTheSparkJarADistributedRunIsAUsageErrorThatSaysWhatToRun() throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, RecipeErrorsTest.VALID);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("--recipe", f.toString(), "--set", "distributed.workers=2");
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains("distributed.workers = 2") && text.contains("tubelet-spark.jar"), text);
    }
}
