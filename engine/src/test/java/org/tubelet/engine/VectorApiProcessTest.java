package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernels' Vector API in fresh processes ({@link OpenBlasCoreProbe}): the launcher's re-execution resolves the
 * module, a Java program started without {@code --add-modules} runs without it, and {@code TUBELET_VECTOR=off} keeps
 * the launcher from adding it.
 */
class VectorApiProcessTest {
    /** What the probe prints when the module is resolved: the kernels use it on vectors of 256 bits or more. */
    private static final String RESOLVED = "vector=true " + (VectorKernels.preferredBits() >= VectorApi.MIN_BITS);

    @Test
    void theLauncherResolvesTheModuleAndALibraryProgramRunsWithoutIt() throws Exception {
        assertEquals(RESOLVED, OpenBlasCoreProcessTest.probe("vector=", Map.of(), "--launcher"));
        assertEquals("vector=false false", OpenBlasCoreProcessTest.probe("vector=", Map.of()));
    }

    @Test
    void theUserCanTurnItOff() throws Exception {
        assertEquals("vector=false false",
                OpenBlasCoreProcessTest.probe("vector=", Map.of(VectorApi.VARIABLE, "off"), "--launcher"));
    }
}
