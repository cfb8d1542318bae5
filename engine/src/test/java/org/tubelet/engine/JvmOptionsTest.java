package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's JVM options in fresh processes ({@link OpenBlasCoreProbe}), and which of them it leaves to a user
 * who set their own.
 */
class JvmOptionsTest {
    private static final String YOUNG = "-XX:MaxNewSize=" + JvmOptions.MAX_NEW_SIZE_MB + "m";
    private static final String RATIO = "-XX:GCTimeRatio=" + JvmOptions.GC_TIME_RATIO;
    private static final String RSS = "-D" + JvmOptions.MAX_PHYSICAL_BYTES + "=0";

    private static String probe(Map<String, String> env, List<String> jvm, String... args) throws Exception {
        return OpenBlasCoreProcessTest.probe("jvm=", env, jvm, args);
    }

    @Test
    void theLauncherAddsThemAndALibraryProgramRunsWithTheJvmsAndJavaCppsDefaults() throws Exception {
        assertEquals("jvm=MaxNewSize " + JvmOptions.MAX_NEW_SIZE_MB + " MB, GCTimeRatio " + JvmOptions.GC_TIME_RATIO
                + ", JavaCPP RSS check off", probe(Map.of(), List.of(), "--launcher"));
        // G1's own: 60 % of the heap's limit, 12; JavaCPP's: four times the heap's limit
        assertEquals("jvm=MaxNewSize 614 MB, GCTimeRatio 12, JavaCPP RSS check at 4096 MB",
                probe(Map.of(), List.of("-XX:+UseG1GC", "-Xmx1g")));
    }

    @Test
    void theUsersOwnOptionsWinOnTheCommandLineAndInTheOptionsVariables() throws Exception {
        assertEquals("jvm=MaxNewSize 128 MB, GCTimeRatio " + JvmOptions.GC_TIME_RATIO
                        + ", JavaCPP RSS check at 3072 MB",
                probe(Map.of(), List.of("-XX:MaxNewSize=128m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g"),
                        "--launcher"));
        assertEquals("jvm=MaxNewSize " + JvmOptions.MAX_NEW_SIZE_MB + " MB, GCTimeRatio 9, JavaCPP RSS check off",
                probe(Map.of("JAVA_TOOL_OPTIONS", "-XX:GCTimeRatio=9"), List.of(), "--launcher"));
    }

    @Test
    void anyYoungGenerationSizeOfTheUsersReplacesTheCap() {
        for (String users : List.of("-Xmn256m", "-XX:NewSize=32m", "-XX:NewRatio=3", "-XX:MaxNewSize=1g")) {
            assertEquals(List.of(RATIO, RSS), JvmOptions.toAdd(List.of(users, "-jar", "trainer.jar"), Map.of()),
                    users);
            assertEquals(List.of(RATIO, RSS), JvmOptions.toAdd(List.of("-jar", "trainer.jar"),
                    Map.of("JDK_JAVA_OPTIONS", " -Dx=1  " + users + " ")), users);
        }
        assertEquals(List.of(YOUNG, RATIO, RSS), JvmOptions.toAdd(List.of("-Xmx2g", "-jar", "trainer.jar", "train"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8")));
        assertEquals(List.of(), JvmOptions.toAdd(List.of("-Xmn1g", "-XX:GCTimeRatio=20",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=8g", "-cp", "x", "Main"), Map.of()));
    }
}
