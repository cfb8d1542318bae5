package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The allocator of fresh processes started the way the CLI starts ({@link MallocProbe}): the one the launcher preloads
 * on this machine (tcmalloc where installed), glibc's when the user asks for it or sets {@code LD_PRELOAD} themselves,
 * a clear error for an allocator name Tubelet does not know; and, under each, {@link NativeHeap#stats()} counting
 * an ND4J array's memory.
 */
class MallocProcessTest {
    private static final long MB = 1 << 20;

    private record Result(int exit, String line) {
        String field(String name) {
            for (String f : line.split(" ")) {
                if (f.startsWith(name + "=")) {
                    return f.substring(name.length() + 1);
                }
            }
            throw new AssertionError("no " + name + " in " + line);
        }
    }

    private static Result probe(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MallocProbe.class.getName())).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals(Malloc.PRELOAD) || k.equals(Malloc.VARIABLE)
                || k.equals("TUBELET_NATIVE_ENV"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        String line = out.lines().filter(l -> l.startsWith("malloc=") || l.startsWith("error=")).findFirst()
                .orElseThrow(() -> new AssertionError("no result line in\n" + out));
        return new Result(exit, line);
    }

    /** The probe's 256 MB array shows in the allocator's count of memory in use. */
    private static void assertCountsTheArray(Result r) {
        long growth = Long.parseLong(r.field("growth_mb"));
        assertTrue(growth >= MallocProbe.ARRAY_MB - 16 && growth <= MallocProbe.ARRAY_MB + 64, r.line());
        assertEquals("1.0", r.field("last"), r.line());                        // the array was written to its end
    }

    @Test
    void theLauncherPreloadsThePreferredAllocatorThisMachineHas() throws Exception {
        Optional<Path> preload = Malloc.toPreload(Optional.empty(), Malloc.libraryDirectories());
        Result r = probe(Map.of());
        assertEquals(0, r.exit(), r.line());
        String expected = preload.isPresent() ? Malloc.AUTO_ORDER.stream()
                .filter(i -> i.libraries().contains(preload.get().getFileName().toString()))
                .findFirst().orElseThrow().id() : Malloc.Implementation.GLIBC.id();
        assertEquals(expected, r.field("malloc"), r.line());
        assertCountsTheArray(r);
    }

    @Test
    void glibcWhenTheUserAsksForItOrPreloadsTheirOwn() throws Exception {
        Result asked = probe(Map.of(Malloc.VARIABLE, "glibc"));
        assertEquals(0, asked.exit(), asked.line());
        assertEquals("glibc", asked.field("malloc"), asked.line());
        assertCountsTheArray(asked);
        Result own = probe(Map.of(Malloc.PRELOAD, ""));      // the user's LD_PRELOAD, even empty, wins
        assertEquals("glibc", own.field("malloc"), own.line());
    }

    @Test
    void eachInstalledAllocatorRunsWhenNamed() throws Exception {
        for (Malloc.Implementation i : Malloc.Implementation.values()) {
            if (Malloc.find(i, Malloc.libraryDirectories()).isPresent()) {
                Result r = probe(Map.of(Malloc.VARIABLE, i.id()));
                assertEquals(0, r.exit(), r.line());
                assertEquals(i.id(), r.field("malloc"), r.line());
                assertCountsTheArray(r);
            }
        }
    }

    @Test
    void anUnknownAllocatorIsAClearError() throws Exception {
        Result r = probe(Map.of(Malloc.VARIABLE, "mimalloc"));
        assertEquals(2, r.exit(), r.line());
        assertTrue(r.line().contains("TUBELET_MALLOC=mimalloc") && r.line().contains("tcmalloc"), r.line());
    }
}
