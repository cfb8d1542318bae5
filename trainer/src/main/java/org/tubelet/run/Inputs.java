package org.tubelet.run;

import java.nio.file.Path;
import java.util.Arrays;
import org.tubelet.models.ModelGraph;

/** Checks of user-supplied arrays against a model, with messages that name the file and the expectation. */
final class Inputs {
    private Inputs() {
    }

    /** Fails, naming the file, unless an array of shape {@code got} fits the model's pixel_values placeholder. */
    static void checkPixels(ModelGraph graph, long[] got, Path file) {
        long[] want = graph.inputs().pixelValues().placeholderShape();
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
