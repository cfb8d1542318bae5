package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.engine.Malloc.Implementation;

/** Which library the launcher preloads, for each value of TUBELET_MALLOC, among library folders the test makes. */
class MallocTest {
    @TempDir
    Path tmp;

    private List<Path> folders(String... libraries) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("lib"));
        Path b = Files.createDirectories(tmp.resolve("lib64"));
        for (String l : libraries) {
            Files.writeString((l.contains("jemalloc") ? b : a).resolve(l), "");
        }
        return List.of(a, b);
    }

    @Test
    void autoPrefersTcmallocAndOtherwiseKeepsGlibc() throws IOException {
        List<Path> both = folders("libjemalloc.so.2", "libtcmalloc_minimal.so.4");
        assertEquals(Optional.of(tmp.resolve("lib/libtcmalloc_minimal.so.4")), Malloc.toPreload(Optional.empty(), both));
        List<Path> none = List.of(Files.createDirectories(tmp.resolve("empty")));
        assertEquals(Optional.empty(), Malloc.toPreload(Optional.empty(), none));
        // jemalloc alone is not auto's choice (slower forward passes, BENCHMARKS.md)
        Path je = Files.createDirectories(tmp.resolve("je"));
        Files.writeString(je.resolve("libjemalloc.so.2"), "");
        assertEquals(Optional.empty(), Malloc.toPreload(Optional.empty(), List.of(je)));
    }

    @Test
    void aNamedAllocatorIsPreloadedOrItsAbsenceNamed() throws IOException {
        List<Path> both = folders("libjemalloc.so.2", "libtcmalloc.so.4");
        assertEquals(Optional.of(tmp.resolve("lib64/libjemalloc.so.2")),
                Malloc.toPreload(Malloc.parseChoice("jemalloc"), both));
        assertEquals(Optional.of(tmp.resolve("lib/libtcmalloc.so.4")),
                Malloc.toPreload(Malloc.parseChoice(" TCMalloc "), both));
        assertEquals(Optional.empty(), Malloc.toPreload(Malloc.parseChoice("glibc"), both));
        List<Path> none = List.of(Files.createDirectories(tmp.resolve("empty")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Malloc.toPreload(Malloc.parseChoice("tcmalloc"), none));
        assertTrue(e.getMessage().contains("TUBELET_MALLOC=tcmalloc") && e.getMessage().contains("libtcmalloc-minimal4")
                && e.getMessage().contains(none.get(0).toString()), e.getMessage());
    }

    @Test
    void theVariablesValues() {
        assertEquals(Optional.empty(), Malloc.parseChoice(null));
        assertEquals(Optional.empty(), Malloc.parseChoice(""));
        assertEquals(Optional.empty(), Malloc.parseChoice("Auto"));
        assertEquals(Optional.of(Implementation.GLIBC), Malloc.parseChoice("glibc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Malloc.parseChoice("musl"));
        assertTrue(e.getMessage().contains("TUBELET_MALLOC=musl") && e.getMessage().contains("auto, glibc, tcmalloc, "
                + "jemalloc"), e.getMessage());
    }
}
