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
 * re-execution (the CLI), and the user's own {@code OPENBLAS_CORETYPE} winning over both; under a JVM held to AVX2
 * ({@code -XX:UseAVX=2}) the core and ND4J's build are those of a processor without AVX-512.
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
        return line(prefix, output(env, jvm, args));
    }

    /** The whole output of the probe started with the JVM options {@code jvm}, in the environment {@code env}. */
    static String output(Map<String, String> env, List<String> jvm, String... args)
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
        return out;
    }

    /** The line of a probe's output that starts with {@code prefix}. */
    static String line(String prefix, String out) {
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

    /**
     * {@code -XX:UseAVX=2}, on the command line of a library user's program or in {@code JAVA_TOOL_OPTIONS} for the
     * CLI (as {@code bench/run.sh ISA=avx2} passes it): the OpenBLAS core and ND4J build of this processor without
     * its AVX-512 flags (on this project's AVX-512 machines: Zen or Haswell, and the AVX2 build). Without the option,
     * no limit: HotSpot's own default level does not count.
     */
    @Test
    void aJvmHeldToAvx2RunsTheKernelsAndBuildOfAProcessorWithoutAvx512() throws Exception {
        Optional<Processor> held = Processor.hardware().map(p -> p.heldTo(2));
        if (held.isEmpty()) {
            return; // not Linux x86: no flags to choose from, JavaCPP's and OpenBLAS's own choices stand
        }
        String useAvx2 = "-XX:UseAVX=2";
        String build = " build=" + NativeBuild.forFlags(held.get().flags());
        Optional<String> core = OpenBlasCore.forProcessor(held.get()).map(Core::openBlasName);
        String library = output(Map.of(), List.of(useAvx2));
        String launcher = output(Map.of("JAVA_TOOL_OPTIONS", useAvx2), List.of(), "--launcher");
        if (core.isPresent()) {
            assertEquals("environment=null " + running(core.get()), line("environment=", library));
            assertEquals("environment=" + core.get() + " " + running(core.get()), line("environment=", launcher));
        } else {
            assertTrue(line("environment=", library).startsWith("environment=null "), library);
            assertTrue(line("environment=", launcher).startsWith("environment=null "), launcher);
        }
        for (String out : List.of(library, launcher)) {   // [2], or lower where HotSpot caps it to the hardware's
            assertTrue(line("limit=", out).matches("limit=OptionalInt\\[[0-2]]" + build), out);
        }
        assertTrue(probe("limit=", Map.of()).startsWith("limit=OptionalInt.empty "));
    }

    @Test
    void theUsersCoreTypeWins() throws Exception {
        Map<String, String> env = Map.of(OpenBlasCore.VARIABLE, USERS_CORE);
        assertEquals("environment=" + USERS_CORE + " " + running(USERS_CORE), probe(env));
        assertEquals("environment=" + USERS_CORE + " " + running(USERS_CORE), probe(env, "--launcher"));
    }
}
