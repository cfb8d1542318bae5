package org.tubelet.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Running a SameDiff graph in this thread's sessions without leaving memory behind: inference that copies its results
 * out and gives every intermediate array back to the session's cache ({@link SessionArrays}), the same for the last
 * gradient computation, and freeing the inference cache when inference is done for a while.
 */
public final class GraphSessions {
    /** The name under which SameDiff keeps a graph's gradient function ({@code SameDiff.GRAD_FN_KEY}, protected). */
    public static final String GRADIENT_FUNCTION = "grad";

    private GraphSessions() {
    }

    /** {@code sd}'s gradient function, or null before gradients were first computed. */
    public static SameDiff gradientFunction(SameDiff sd) {
        return sd.getFunction(GRADIENT_FUNCTION);
    }

    /** Gives the arrays of {@code sd}'s last gradient computation on this thread back to their cache. */
    public static void releaseGradientRun(SameDiff sd) {
        SameDiff grad = gradientFunction(sd);
        InferenceSession s = grad == null ? null : SessionArrays.ofThisThread(grad);
        if (s != null) {
            SessionArrays.release(s, grad);
        }
    }

    /**
     * Inference ({@code sd.output}) that leaves no memory behind: the results are copied out, then every intermediate
     * array of the run goes back to the session's cache instead of waiting for the garbage collector.
     *
     * @param feeds placeholder values by name
     * @param names the variables to compute
     * @return their values by name, arrays of the caller's own
     */
    public static Map<String, INDArray> output(SameDiff sd, Map<String, INDArray> feeds, List<String> names) {
        Map<String, INDArray> out = new HashMap<>(sd.output(feeds, names));
        out.replaceAll((k, v) -> v.dup());    // an output may be a view of an array that goes back to the cache
        InferenceSession s = SessionArrays.ofThisThread(sd);
        if (s != null) {
            SessionArrays.release(s, sd);
        }
        return out;
    }

    /**
     * Frees the memory {@link #output} keeps for the next inference of {@code sd} on this thread (its array cache):
     * call it when inference is done for a while, e.g. after an evaluation between training epochs.
     */
    public static void freeInferenceMemory(SameDiff sd) {
        InferenceSession s = SessionArrays.ofThisThread(sd);
        if (s != null) {
            SessionArrays.freeCache(s);
        }
    }
}
