package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tubelet.engine.OpenBlasCore.Core;

/**
 * OpenBLAS's core type in fresh processes started with the environment a user has ({@code OPENBLAS_*} unset):
 * chosen by {@link Engine#install()} in the process itself (a Java program using the library), by the launcher's
 * re-execution (the CLI), and the user's own {@code OPENBLAS_CORETYPE} winning over both.
 */
class OpenBlasCoreProcessTest {
    /** A core every x86-64 processor runs and Tubelet never chooses. */
    private static final String USERS_CORE = "Prescott";

    private static String probe(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return probe("environment=", env, args);
    }

    /** The probe's output line that starts with {@code prefix}. */
    static String probe(String prefix, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return probe(prefix, env, List.of(), args);
    }

    /** The output line that starts with {@code prefix} of the probe started with the JVM options {@code jvm}. */
    static String probe(String prefix, Map<String, String> env, List<String> jvm, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenBlasCoreProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OPENBLAS_") || k.equals("TUBELET_NATIVE_ENV")
                || k.equals(VectorApi.VARIABLE) || JvmOptions.VARIABLES.contains(k));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no result line in\n" + out));
    }

    private static String running(String core) {
        return "running={openblas=" + core + ", openblas_nolapack=" + core + "}";
    }

    @Test
    void theEngineChoosesTheCoreInTheProcessAndTheLauncherThroughItsEnvironment() throws Exception {
        Optional<String> chosen = OpenBlasCore.forThisProcessor().map(Core::openBlasName);
        String library = probe(Map.of());
        String launcher = probe(Map.of(), "--launcher");
        if (chosen.isPresent()) {
            // set in the C environment only: the JVM's copy of the environment does not show it
            assertEquals("environment=null " + running(chosen.get()), library);
            assertEquals("environment=" + chosen.get() + " " + running(chosen.get()), launcher);
        } else {
            assertTrue(library.startsWith("environment=null "), library);
            assertTrue(launcher.startsWith("environment=null "), launcher);
        }
    }

    @Test
    void theUsersCoreTypeWins() throws Exception {
        Map<String, String> env = Map.of(OpenBlasCore.VARIABLE, USERS_CORE);
        assertEquals("environment=" + USERS_CORE + " " + running(USERS_CORE), probe(env));
        assertEquals("environment=" + USERS_CORE + " " + running(USERS_CORE), probe(env, "--launcher"));
    }
}
