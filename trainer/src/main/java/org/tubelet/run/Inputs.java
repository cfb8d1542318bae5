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

    /**
     * Fails, naming the file, unless labels of shape {@code got} fit a batch of {@code batch} clips: one class index
     * per clip {@code (B,)}, one per frame {@code (B * rows,)} for a model that classifies every frame, or
     * {@code (B, num_labels)} targets.
     */
    static void checkLabels(ModelGraph graph, long[] got, long batch, Path file) {
        if (graph.inputs().labels() == null) {
            throw new IllegalArgumentException(file + ": " + graph.architecture().hfClass() + " takes no labels");
        }
        int rows = graph.config().labelRowsPerClip();
        boolean ok = got.length == 1 && (got[0] == batch || got[0] == batch * rows)
                || got.length == 2 && got[0] == batch && got[1] == graph.config().meta().id2label().size();
        if (!ok) {
            throw new IllegalArgumentException(file + ": labels shape " + Arrays.toString(got) + " does not fit "
                    + batch + " clip(s), expected (" + batch + ",) class indices"
                    + (rows > 1 ? " or (" + batch * rows + ",) one per frame" : ""));
        }
    }
}
