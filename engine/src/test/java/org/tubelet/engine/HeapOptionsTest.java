package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's heap options in fresh processes ({@link OpenBlasCoreProbe}), and which of them it leaves to a user
 * who set their own.
 */
class HeapOptionsTest {
    private static final String OURS = "heap=MaxNewSize " + HeapOptions.MAX_NEW_SIZE_MB + " MB, GCTimeRatio "
            + HeapOptions.GC_TIME_RATIO;
    private static final List<String> BOTH = List.of("-XX:MaxNewSize=" + HeapOptions.MAX_NEW_SIZE_MB + "m",
            "-XX:GCTimeRatio=" + HeapOptions.GC_TIME_RATIO);

    @Test
    void theLauncherAddsThemAndALibraryProgramRunsWithTheJvmsDefaults() throws Exception {
        assertEquals(OURS, OpenBlasCoreProcessTest.probe("heap=", Map.of(), "--launcher"));
        String library = OpenBlasCoreProcessTest.probe("heap=", Map.of(), List.of("-XX:+UseG1GC", "-Xmx1g"));
        assertEquals("heap=MaxNewSize 614 MB, GCTimeRatio 12", library, "G1's own: 60 % of the heap, 12");
    }

    @Test
    void theUsersOwnOptionsWinOnTheCommandLineAndInTheOptionsVariables() throws Exception {
        assertEquals("heap=MaxNewSize 128 MB, GCTimeRatio " + HeapOptions.GC_TIME_RATIO,
                OpenBlasCoreProcessTest.probe("heap=", Map.of(), List.of("-XX:MaxNewSize=128m"), "--launcher"));
        assertEquals("heap=MaxNewSize " + HeapOptions.MAX_NEW_SIZE_MB + " MB, GCTimeRatio 9",
                OpenBlasCoreProcessTest.probe("heap=", Map.of("JAVA_TOOL_OPTIONS", "-XX:GCTimeRatio=9"),
                        "--launcher"));
    }

    @Test
    void anyYoungGenerationSizeOfTheUsersReplacesTheCap() {
        for (String users : List.of("-Xmn256m", "-XX:NewSize=32m", "-XX:NewRatio=3", "-XX:MaxNewSize=1g")) {
            assertEquals(List.of(BOTH.get(1)), HeapOptions.toAdd(List.of(users, "-jar", "trainer.jar"), Map.of()),
                    users);
            assertEquals(List.of(BOTH.get(1)), HeapOptions.toAdd(List.of("-jar", "trainer.jar"),
                    Map.of("JDK_JAVA_OPTIONS", " -Dx=1  " + users + " ")), users);
        }
        assertEquals(BOTH, HeapOptions.toAdd(List.of("-Xmx2g", "-jar", "trainer.jar", "train"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8")));
        assertEquals(List.of(), HeapOptions.toAdd(List.of("-Xmn1g", "-XX:GCTimeRatio=20", "-cp", "x", "Main"),
                Map.of()));
    }
}
