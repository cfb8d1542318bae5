package org.tubelet.models;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.custom.DistributionUniform;

/**
 * Seeds the graph's random ops (dropout, drop path). In SameDiff 1.0.0-M2.1 a random op's context starts from the
 * same generator state at every execution and ignores ND4J's global seed, so each dropout would draw the same mask
 * on every step. This listener sets each random op's generator state just before it runs, from a seed the caller
 * chooses (the trainer uses one per (run seed, step, micro-batch)) and the op's name: a step's masks are then a pure
 * function of that seed, different across steps and ops, and identical when a resumed run repeats the step.
 *
 * <p>One instance per graph, registered as a listener of the graph when the first random op is added through
 * {@link #uniform}. Inference and gradient runs call the graph's listeners themselves; the training session gets
 * them from {@code SessionStepper}, which passes the graph's listeners to every step.
 */
public final class RandomOps extends BaseListener {
    private volatile long seed = 1;

    private RandomOps() {
    }

    /** The graph's seeder, registered on first use. */
    private static synchronized RandomOps of(SameDiff sd) {
        RandomOps r = find(sd);
        if (r == null) {
            r = new RandomOps();
            sd.addListeners(r);
        }
        return r;
    }

    /**
     * {@code U[0, 1)} noise of the given shape, seeded by the graph's {@link RandomOps} (registered if needed).
     *
     * @param shape a shape tensor, e.g. {@code sd.shape(x)}
     * @param type the noise's floating-point type (the graph's)
     */
    public static SDVariable uniform(SameDiff sd, SDVariable shape, DataType type) {
        of(sd);
        return new DistributionUniform(sd, shape, 0.0, 1.0, type).outputVariable();
    }

    /** The seeder of a graph that has random ops, or null when it has none. */
    public static RandomOps find(SameDiff sd) {
        for (Listener l : sd.getListeners()) {
            if (l instanceof RandomOps r) {
                return r;
            }
        }
        return null;
    }

    /** Sets the seed the next executions draw from. */
    public void reseed(long seed) {
        this.seed = seed;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (opContext != null && op.getOp() instanceof DistributionUniform) {
            long s = seed;
            // libnd4j replaces a root state of 0 by the clock, so the root state is never 0
            long node = mix(s ^ mix(op.getName().hashCode() + 0x9E3779B97F4A7C15L));
            opContext.setRngStates(mix(s ^ 0x5DEECE66DL) | 1, node);
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
