package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryUse} in a fresh JVM ({@link MemoryUseProbe}): in the test JVM, ND4J's deallocator threads free arrays
 * that earlier tests dropped at any moment, and a free between the two readings made a 256 MB array count as 213.
 */
class MemoryUseTest {
    @Test
    void countsAnNd4jArrayAsNativeMemoryAndSplitsTheResidentSize() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MemoryUseProbe.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        ObjectMapper json = new ObjectMapper();
        MemoryUse before = json.readValue(line(out, "before="), MemoryUse.class);
        MemoryUse after = json.readValue(line(out, "after="), MemoryUse.class);
        assertEquals("1.0", line(out, "last="), out);

        long grew = after.nativeArraysMb() - before.nativeArraysMb();
        // a margin for what the JIT compilers and the JVM allocate or free meanwhile
        assertTrue(grew >= MemoryUseProbe.ARRAY_MB - 32 && grew <= MemoryUseProbe.ARRAY_MB + 64,
                "256 MB array: native arrays grew by " + grew + " MB: " + before.describe() + " -> "
                        + after.describe());
        assertTrue(after.peakRssMb() >= after.rssMb() && after.heapCommittedMb() >= after.heapUsedMb()
                && after.nonHeapCommittedMb() > 0, after.describe());
        assertTrue(after.otherMb() == after.rssMb() - after.heapCommittedMb() - after.nonHeapCommittedMb()
                - after.nativeArraysMb(), after.describe());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " line in\n" + out));
    }
}
