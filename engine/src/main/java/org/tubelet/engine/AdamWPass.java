package org.tubelet.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One AdamW update of a float32 parameter in a single pass over its gradient, moments and value, in Java.
 *
 * <p>Per element, as {@code torch.optim.AdamW}: {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²} and the step
 * {@code u = lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε) + lr·wd·p}, written over the gradient so that {@code p − u} is
 * PyTorch's {@code p·(1 − lr·wd) − lr/(1−β1ᵗ) · m / (…)}. libnd4j needed three passes for this (the decay, its
 * {@code adam_updater} and the subtraction): ≈ 80 ms of a ViViT training step for 22 M parameters. A step from summed
 * gradients also scales them (the mean over micro-batches, the clipping) and subtracts u from p in the same pass.
 */
final class AdamWPass {
    private AdamWPass() {
    }

    /** True if all four arrays are dense float32 arrays of one length. */
    static boolean supports(INDArray g, INDArray m, INDArray v, INDArray p) {
        for (INDArray a : new INDArray[] {g, m, v, p}) {
            if (a.dataType() != DataType.FLOAT || !BatchedGemm.isDense(a) || a.length() != g.length()
                    || a.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Where the pass puts the step u. */
    enum Target {
        /** Over the gradient, for SameDiff to subtract from the parameter. */
        GRADIENT,
        /** Subtracted from the parameter, {@code p ← p − u}; the gradient is left as it was. */
        PARAMETER
    }

    /**
     * @param gradScale multiplies the gradient before the update (1/micro-batches, the clipping factor; 1 for none)
     * @param stepSize lr/(1−β1ᵗ)
     * @param sqrtBiasCorrection2 √(1−β2ᵗ)
     * @param decay lr·wd (0 for exempt parameters)
     */
    static void run(INDArray g, float gradScale, INDArray m, INDArray v, INDArray p, float beta1, float beta2,
                    float stepSize, float sqrtBiasCorrection2, float eps, float decay, Target target) {
        FloatBuffer gb = g.data().asNioFloat();
        FloatBuffer mb = m.data().asNioFloat();
        FloatBuffer vb = v.data().asNioFloat();
        FloatBuffer pb = p.data().asNioFloat();
        int n = (int) g.length();
        float inv2 = 1f / sqrtBiasCorrection2;
        float c1 = 1f - beta1;
        float c2 = 1f - beta2;
        Workers.forEachBlock(n, "AdamW pass", (at, len, ga, ma, va, pa) -> {
            gb.get(at, ga, 0, len);
            mb.get(at, ma, 0, len);
            vb.get(at, va, 0, len);
            pb.get(at, pa, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = ga[i] * gradScale;
                float mi = beta1 * ma[i] + c1 * gi;
                float vi = beta2 * va[i] + c2 * gi * gi;
                ma[i] = mi;
                va[i] = vi;
                ga[i] = stepSize * mi / ((float) Math.sqrt(vi) * inv2 + eps) + decay * pa[i];
            }
            if (target == Target.GRADIENT) {
                gb.put(at, ga, 0, len);
            } else {
                for (int i = 0; i < len; i++) {
                    pa[i] -= ga[i];
                }
                pb.put(at, pa, 0, len);
            }
            mb.put(at, ma, 0, len);
            vb.put(at, va, 0, len);
        });
    }
}
