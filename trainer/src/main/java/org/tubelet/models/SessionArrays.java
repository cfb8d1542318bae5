package org.tubelet.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hands back to a SameDiff session's array cache the intermediate arrays the session itself leaves behind. In
 * 1.0.0-M2.1 a session does not release about a quarter of the arrays of a run (measured on bench-s training: ~520
 * of ~2060, every parameter gradient among them); they wait for the garbage collector, so each run allocated and
 * page-faulted them again and the resident memory grew run after run until a collection happened.
 *
 * <p>Only the graph's own intermediate ({@link VariableType#ARRAY}) values are released — never parameters,
 * constants or the caller's placeholder arrays — each once, never a view, and never one the caller keeps.
 */
public final class SessionArrays {
    private SessionArrays() {
    }

    /**
     * @param session the session after a run
     * @param graph the graph it ran (for a training session: the gradient function)
     * @param keep arrays the caller still uses (e.g. the outputs it was given)
     * @return the intermediate arrays that are neither in the session's cache nor kept, each once
     */
    public static List<INDArray> leftovers(InferenceSession session, SameDiff graph, Collection<INDArray> keep) {
        Set<Long> cached = session.getMmgr() instanceof ArrayCacheMemoryMgr cache ? cache.getLruCache() : Set.of();
        Set<Long> seen = new HashSet<>();   // by array id: two wrappers of one array share it
        keep.forEach(k -> seen.add(k.getId()));
        List<INDArray> out = new ArrayList<>();
        for (Map.Entry<AbstractSession.VarId, SDValue> e : session.getNodeValueOutputs().entrySet()) {
            SDVariable v = graph.getVariable(e.getKey().getVariable());
            INDArray a = e.getValue() == null ? null : e.getValue().getTensorValue();
            if (v != null && v.getVariableType() == VariableType.ARRAY && a != null && !a.isView() && !a.wasClosed()
                    && !cached.contains(a.getId()) && seen.add(a.getId())) {
                out.add(a);
            }
        }
        return out;
    }

    /** Releases {@link #leftovers} into the session's cache. */
    public static void release(InferenceSession session, SameDiff graph, Collection<INDArray> keep) {
        SessionMemMgr memory = session.getMmgr();
        for (INDArray a : leftovers(session, graph, keep)) {
            memory.release(a);
        }
    }

    /** The session {@code sd.output(...)} used on this thread, or null before the first call. */
    public static InferenceSession ofThisThread(SameDiff sd) {
        return sd.getSessions().get(Thread.currentThread().getId());
    }
}
