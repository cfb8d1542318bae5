package org.tubelet.train.loop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.tubelet.engine.Kernels;

/**
 * A SameDiff listener that adds up the wall time of every executed op, by op type and by op type with its input
 * shapes, so a profile of a step says which kernels cost what (the rest of a step's time is the engine's own
 * per-op work and the optimiser). Single-threaded use: SameDiff executes one op at a time.
 */
public final class OpTimings extends BaseListener {
    private final Map<String, long[]> byType = new HashMap<>();
    private final Map<String, long[]> byShape = new HashMap<>();
    private long started;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        long ns = System.nanoTime() - started;
        String type = opContext != null ? Kernels.label(op.getOp(), opContext) : op.getOp().opName();
        StringBuilder shape = new StringBuilder();
        if (opContext != null) {
            for (INDArray in : opContext.getInputArrays()) {
                shape.append(shape.length() == 0 ? "" : " ").append(in == null ? "?" : Arrays.toString(in.shape()));
            }
        }
        add(byType, type, ns);
        add(byShape, type + " " + shape, ns);
    }

    /** Adds time measured outside SameDiff (e.g. the optimiser) under its own name. */
    public void record(String name, long nanos) {
        add(byType, name, nanos);
        add(byShape, name, nanos);
    }

    /** Total measured time, ms. */
    public double totalMs() {
        return byType.values().stream().mapToLong(v -> v[0]).sum() / 1e6;
    }

    /** Forgets everything recorded so far (e.g. after warm-up). */
    public void clear() {
        byType.clear();
        byShape.clear();
    }

    /**
     * A table of the {@code top} most expensive entries, per step.
     *
     * @param steps   the number of steps recorded (times are divided by it)
     * @param byShapes entries by op type and input shapes instead of by op type
     */
    public String table(int steps, int top, boolean byShapes) {
        Map<String, long[]> m = byShapes ? byShape : byType;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(m.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed());
        double total = totalMs() / steps;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%10s %10s %6s  %s%n", "ms/step", "calls/step",
                "share", byShapes ? "op [input shapes]" : "op"));
        for (Map.Entry<String, long[]> e : rows.subList(0, Math.min(top, rows.size()))) {
            double ms = e.getValue()[0] / 1e6 / steps;
            sb.append(String.format(Locale.ROOT, "%10.1f %10.1f %5.1f%%  %s%n", ms, e.getValue()[1] / (double) steps,
                    100 * ms / total, e.getKey()));
        }
        sb.append(String.format(Locale.ROOT, "%10.1f %10s   100%%  all ops (and recorded extras)%n", total, ""));
        return sb.toString();
    }

    private static void add(Map<String, long[]> m, String key, long ns) {
        long[] v = m.computeIfAbsent(key, k -> new long[2]);
        v[0] += ns;
        v[1]++;
    }
}
