package org.tubelet.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Npy;

/** The Hugging Face reference fixtures copied into test resources, and the parity rule. */
public final class Fixtures {
    public static final Path HF = Path.of("src/test/resources/fixtures/hf");
    /** {@code |ours - hf| <= ATOL + RTOL * |hf|}. */
    public static final double ATOL = 5e-5;
    public static final double RTOL = 1e-4;

    private Fixtures() {
    }

    public static Path hf(String name) {
        Path p = HF.resolve(name);
        if (!Files.isDirectory(p)) {
            fail("fixture folder missing: " + p.toAbsolutePath());
        }
        return p;
    }

    public static INDArray npy(Path dir, String file) {
        try {
            return NdArrays.toNd(Npy.read(dir.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the parity rule element-wise; the message names the worst element. */
    public static void assertClose(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape())
                + " != " + Arrays.toString(expected.shape()));
        float[] e = expected.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
        float[] a = actual.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').reshape(-1).toFloatVector();
        int bad = 0;
        int worst = -1;
        double worstExcess = 0;
        double maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(a[i] - e[i]);
            maxAbs = Math.max(maxAbs, diff);
            double excess = diff - (ATOL + RTOL * Math.abs(e[i]));
            if (!(excess <= 0)) {
                bad++;
                if (worst < 0 || excess > worstExcess || Double.isNaN(excess)) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + "/" + e.length + " elements outside 5e-5 + 1e-4|hf|; worst at flat index "
                    + worst + ": ours " + a[worst] + " vs hf " + e[worst] + " (max |diff| " + maxAbs + ")");
        }
    }

    /** Largest absolute difference (for reporting). */
    public static double maxAbsDiff(INDArray expected, INDArray actual) {
        return expected.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .sub(actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue();
    }
}
