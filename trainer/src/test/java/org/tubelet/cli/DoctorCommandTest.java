package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.engine.JvmOptions;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.OpenBlasCore;
import org.tubelet.engine.Processor;
import org.tubelet.engine.VectorApi;

/** {@code doctor --json} on this machine: every key present, each value checked against the machine itself. */
class DoctorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonKeysArePresentAndAgreeWithTheMachine(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("doctor", "--json", "--run-dir", dir.resolve("runs").toString());
        assertEquals(0, run.code(), run.err());
        JsonNode d = JSON.readTree(run.out());
        for (String key : List.of("tubelet", "dl4j", "java", "cpu", "nd4j", "openblas", "threads",
                "native_environment", "ffmpeg", "gpus", "memory", "disk", "warnings")) {
            assertTrue(d.has(key), key + " in " + run.out());
        }
        assertEquals(projectVersion(), d.get("tubelet").asText());
        assertEquals("Tubelet " + projectVersion(), CliRun.of("--version").out().strip());
        assertTrue(d.get("dl4j").asText().matches("\\d+\\.\\d+\\.\\d+(-M\\d+(\\.\\d+)?)?"), d.get("dl4j").asText());
        assertEquals(System.getProperty("java.version"), d.at("/java/version").asText());
        assertEquals(Runtime.getRuntime().maxMemory(), d.at("/java/max_heap").asLong());
        assertEquals(VectorApi.describe(), d.at("/java/vector_api").asText());
        assertEquals(JvmOptions.describe(), d.at("/java/jvm_options").asText());
        assertTrue(VectorApi.moduleResolved(), "surefire starts the tests with the module, as the launcher does");

        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        Set<String> flags = cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Set.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))).orElseThrow();
        assertEquals(Runtime.getRuntime().availableProcessors(), d.at("/cpu/cores").asInt());
        assertFalse(d.at("/cpu/model").asText().isBlank());
        d.at("/cpu/vector_flags").forEach(f -> assertTrue(flags.contains(f.asText()), f.asText()));
        assertEquals(flags.contains("avx2"), contains(d.at("/cpu/vector_flags"), "avx2"));
        // the -XX:UseAVX the suite's JVM was started with (none under make test): null, or the level
        assertEquals(Processor.jvmAvxLimit().isPresent() ? String.valueOf(Processor.jvmAvxLimit().getAsInt()) : "null",
                d.at("/cpu/jvm_avx_limit").asText(), d.at("/cpu").toString());

        // the build whose libnd4jcpu.so this process mapped, read from /proc/self/maps
        Matcher m = Pattern.compile("linux-x86_64(-avx2|-avx512)?/libnd4jcpu\\.so").matcher(
                Files.readString(Path.of("/proc/self/maps")));
        assertTrue(m.find(), "libnd4jcpu.so is mapped");
        String loaded = m.group(1) == null ? "generic" : m.group(1).substring(1);
        assertEquals(loaded, d.at("/nd4j/build").asText());
        assertEquals("CpuBackend", d.at("/nd4j/backend").asText());

        // the core the library itself reports (openblas_get_corename) in this process
        assertEquals(OpenBlasCore.running().get("openblas_nolapack"), d.at("/openblas/core").asText());
        assertTrue(d.at("/openblas/core").asText().matches("[A-Za-z0-9]+"), d.at("/openblas").toString());
        assertEquals(System.getenv(OpenBlasCore.VARIABLE) != null ? OpenBlasCore.VARIABLE
                        : OpenBlasCore.forThisProcessor().isPresent() ? "tubelet" : "detected",
                d.at("/openblas/core_source").asText());
        assertTrue(d.at("/threads/blas_threads").asInt() >= 1);
        for (String k : List.of("OMP_WAIT_POLICY", "OPENBLAS_THREAD_TIMEOUT")) {   // surefire sets them, as the launcher
            JsonNode v = d.at("/native_environment/" + k);
            assertEquals(System.getenv(k), v.isMissingNode() ? null : v.asText(), k);
        }
        assertTrue(d.at("/ffmpeg/version").asText().matches("\\d+\\.\\d+.*"), d.at("/ffmpeg").toString());
        assertTrue(d.at("/ffmpeg/decoders/h264").asBoolean(), "the decoder every test video uses");
        assertEquals(0, d.get("gpus").size(), "CPU backend");
        assertTrue(d.at("/memory/physical_total").asLong() > 0);
        assertTrue(d.at("/memory/native_limit").asLong() > 0);
        assertEquals(Malloc.describeRunning(), d.at("/memory/malloc").asText());    // surefire's JVM: glibc's
        assertEquals(Malloc.installed(Malloc.Implementation.TCMALLOC), d.at("/memory/tcmalloc_installed").asBoolean());
        FileStore fs = Files.getFileStore(dir);
        assertEquals(fs.getTotalSpace(), d.at("/disk/total").asLong());
        assertTrue(d.at("/disk/free").asLong() > 0 && d.at("/disk/free").asLong() <= fs.getTotalSpace());
        assertTrue(d.get("warnings").isArray());
    }

    @Test
    void aRecipeTooBigForTheNativeMemoryLimitIsWarnedAbout() throws Exception {
        JsonNode ok = JSON.readTree(CliRun.of("doctor", "--json", "--recipe", "quickstart").out());
        assertEquals("quickstart", ok.at("/recipe/name").asText());
        long params = ok.at("/recipe/parameters").asLong();
        assertTrue(params > 0 && ok.at("/recipe/training_bytes").asLong() >= 16 * params, ok.get("recipe").toString());
        assertFalse(ok.get("warnings").toString().contains("needs about"), ok.get("warnings").toString());

        JsonNode big = JSON.readTree(CliRun.of("doctor", "--json", "--recipe", "quickstart", "--set",
                "data.batch_size=1000000").out());
        assertTrue(big.at("/recipe/training_bytes").asLong() > Runtime.getRuntime().maxMemory());
        assertTrue(big.get("warnings").toString().contains("recipe quickstart needs about"), big.toString());
    }

    @Test
    void textOutputHasEverySection() {
        CliRun text = CliRun.of("doctor");
        assertEquals(0, text.code(), text.err());
        for (String key : List.of("tubelet ", "dl4j ", "cpu.model ", "nd4j.build ", "openblas.core ", "ffmpeg.version ",
                "disk.free ")) {
            assertTrue(text.out().contains(key), key + " in " + text.out());
        }
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The root pom's version, read from the file. */
    private static String projectVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>tubelet-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(m.find());
        return m.group(1);
    }
}
