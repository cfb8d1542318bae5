package org.tubelet.engine;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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
 * constants or the caller's placeholder arrays, nor an intermediate value that is the same array as one of them
 * (an identity op passes its input through) — each once and never a view. Callers copy out whatever results they
 * keep before releasing (as {@link GraphSessions#output} does).
 *
 * <p>After a run the session's own set of the array ids it freed is emptied too: the cache gives a reused array a
 * new id, so in 1.0.0-M2.1 that set grew by about one entry per released array per run, for ever.
 *
 * <p>Arrays are told apart by identity, not by id: in 1.0.0-M2.1 two live arrays may share an id (see
 * {@link ArrayCache}).
 */
public final class SessionArrays {
    /**
     * Each session's cache may hold up to this fraction of the machine's memory (a training run has one training
     * session and one inference session; evaluation frees the latter when it is done). SameDiff's default is a
     * quarter of the JVM's maximum heap (1.6 GB on a 24 GB machine): a TimeSformer bench-s step needs 2.5 GB of
     * distinct arrays, so the cache overflowed every step, arrays were freed and allocated again, and a step took
     * 4.7 s instead of 4.0 s while the resident memory kept growing. The cache only ever holds one step's own
     * arrays, so a larger cap costs nothing a step does not need anyway.
     */
    public static final double CACHE_FRACTION_OF_RAM = 0.5;

    private static final long CACHE_BYTES = cacheBytes();

    private SessionArrays() {
    }

    private static long cacheBytes() {
        long ram = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            ram = os.getTotalMemorySize();
        }
        return ram > 0 ? (long) (ram * CACHE_FRACTION_OF_RAM) : 0;
    }

    /**
     * @param session the session after a run
     * @param graph the graph it ran (for a training session: the gradient function)
     * @return the intermediate arrays that are not in the session's cache, each once
     */
    public static List<INDArray> leftovers(InferenceSession session, SameDiff graph) {
        Set<INDArray> cached = identitySet();
        if (session.getMmgr() instanceof ArrayCacheMemoryMgr cache) {
            cache.getArrays().values().forEach(cached::addAll);
        }
        Set<INDArray> seen = identitySet();   // one array may be the value of several variables
        Set<Object> notOurs = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<AbstractSession.VarId, SDValue> e : session.getNodeValueOutputs().entrySet()) {
            SDVariable v = graph.getVariable(e.getKey().getVariable());
            INDArray a = e.getValue() == null ? null : e.getValue().getTensorValue();
            if (a != null && (v == null || v.getVariableType() != VariableType.ARRAY)) {
                notOurs.add(a.data());      // parameters, constants, placeholders: never released, nor aliases
            }
        }
        List<INDArray> out = new ArrayList<>();
        for (Map.Entry<AbstractSession.VarId, SDValue> e : session.getNodeValueOutputs().entrySet()) {
            SDVariable v = graph.getVariable(e.getKey().getVariable());
            INDArray a = e.getValue() == null ? null : e.getValue().getTensorValue();
            if (v != null && v.getVariableType() == VariableType.ARRAY && a != null && !a.isView() && !a.wasClosed()
                    && !notOurs.contains(a.data()) && !cached.contains(a) && seen.add(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Releases {@link #leftovers} into the session's cache (see {@link #CACHE_FRACTION_OF_RAM}). */
    public static void release(InferenceSession session, SameDiff graph) {
        SessionMemMgr memory = session.getMmgr();
        if (memory instanceof ArrayCacheMemoryMgr cache && cache.getMaxCacheBytes() < CACHE_BYTES) {
            cache.setMaxCacheBytes(CACHE_BYTES);
        }
        for (INDArray a : leftovers(session, graph)) {
            ArrayCache.release(memory, a);
        }
        freedIds(session).clear();
    }

    private static Set<INDArray> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** The session's set of ids it released in this and (in 1.0.0-M2.1, never cleared) all earlier runs. */
    @SuppressWarnings("unchecked")
    static Set<Long> freedIds(InferenceSession session) {
        try {
            return (Set<Long>) FREED_ARRAYS.get(session);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("InferenceSession.freedArrays is not readable", e);
        }
    }

    private static final Field FREED_ARRAYS = freedArraysField();

    private static Field freedArraysField() {
        try {
            Field f = InferenceSession.class.getDeclaredField("freedArrays");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this ND4J version has no InferenceSession.freedArrays: SessionArrays "
                    + "is written for 1.0.0-M2.1", e);
        }
    }

    /**
     * Frees every array the session's cache holds (a new, empty cache takes its place). For a session that will
     * not run again soon — e.g. inference between training epochs — so its memory does not add to the training
     * session's.
     */
    public static void freeCache(InferenceSession session) {
        SessionMemMgr old = session.getMmgr();
        session.setMmgr(new ArrayCache());
        old.close();
    }

    /** The session {@code sd.output(...)} used on this thread, or null before the first call. */
    public static InferenceSession ofThisThread(SameDiff sd) {
        return sd.getSessions().get(Thread.currentThread().getId());
    }
}
