package org.tubelet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.models.ModelGraph;

/** Checks of user-supplied arrays against a model, with messages that name the file and the expectation. */
final class Inputs {
    private Inputs() {
    }

    static void checkPixels(ModelGraph graph, INDArray pixels, Path file) {
        long[] want = graph.inputs().pixelValues().placeholderShape();
        long[] got = pixels.shape();
        boolean ok = got.length == want.length;
        for (int i = 1; ok && i < want.length; i++) {
            ok = want[i] < 0 || want[i] == got[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(file + ": pixel_values shape " + Arrays.toString(got)
                    + " does not fit the model, expected (B, " + Arrays.toString(Arrays.copyOfRange(want, 1,
                    want.length)).replaceAll("[\\[\\]]", "") + ")");
        }
    }
}
