package org.tubelet.train.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.Kernels;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), as {@code torch.optim.AdamW}: the decay shrinks the
 * weights directly ({@code p ← p·(1 − lr·wd)}) instead of entering the gradient, and skips exempt parameters.
 */
public final class AdamW implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /**
     * One pass over the gradient, both moments and the parameter ({@link Kernels#adamW}) where the kernels apply:
     * {@code u = lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε) + lr·wd·p}, PyTorch's formula with the decay folded into the
     * step. Elsewhere (kernels off, CUDA) the decay shrinks {@code p} and libnd4j's fused {@code adam_updater} writes
     * the step into the gradient. Its rule is {@code u = lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε')}; with
     * {@code ε' = ε·√(1−β2ᵗ)} that is algebraically PyTorch's. The native op computes the betas' powers and
     * complements in float32, so updates agree with PyTorch's to float32 rounding (≈1e-6 relative typically).
     */
    @Override
    public void toUpdate(Param p, INDArray g, double lr, long t) {
        Moments s = moments(p, lr, t);
        if (Kernels.adamW(g, s.m, s.v, p.value(), beta1, beta2, s.stepSize, s.sqrtBc2, eps, s.decay)) {
            return;
        }
        if (s.decay > 0) {
            p.value().muli(1 - s.decay);                                   // p ← p·(1 − lr·wd)
        }
        // m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  g ← lr/(1−β1ᵗ) · m / (√(v/(1−β2ᵗ)) + ε)
        Nd4j.exec(new AdamUpdater(g, s.v, s.m, lr, beta1, beta2, eps * s.sqrtBc2,
                (int) Math.min(Integer.MAX_VALUE - 1, t - 1)));
        if (lr == 0) {
            g.assign(0);   // the native op replaces a zero step size by ε; a zero learning rate must not move p
        }
    }

    /** The scaling, update and subtraction in one pass over g, m, v and p where the kernels apply. */
    @Override
    public void update(Param p, INDArray g, double scale, double lr, long t) {
        Moments s = moments(p, lr, t);
        if (!Kernels.adamWStep(g, scale, s.m, s.v, p.value(), beta1, beta2, s.stepSize, s.sqrtBc2, eps, s.decay)) {
            Optimizer.super.update(p, g, scale, lr, t);
        }
    }

    /**
     * A parameter's moments (made zero on its first update) and this update's factors.
     *
     * @param stepSize lr/(1−β1ᵗ)
     * @param sqrtBc2 √(1−β2ᵗ)
     * @param decay lr·wd, 0 for exempt parameters
     */
    private record Moments(INDArray m, INDArray v, double stepSize, double sqrtBc2, double decay) {
    }

    private Moments moments(Param p, double lr, long t) {
        INDArray mt = m.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
        INDArray vt = v.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
        return new Moments(mt, vt, lr / (1 - Math.pow(beta1, t)), Math.sqrt(1 - Math.pow(beta2, t)),
                p.decay() ? lr * weightDecay : 0);
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("exp_avg/" + k, a));
        v.forEach((k, a) -> s.put("exp_avg_sq/" + k, a));
        return s;
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        m.clear();
        v.clear();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("exp_avg/")) {
                m.put(k.substring("exp_avg/".length()), e.getValue().dup());
            } else if (k.startsWith("exp_avg_sq/")) {
                v.put(k.substring("exp_avg_sq/".length()), e.getValue().dup());
            } else {
                throw new IllegalArgumentException("AdamW state has an unexpected tensor '" + k + "'");
            }
        }
        if (!m.keySet().equals(v.keySet())) {
            throw new IllegalArgumentException("AdamW state is incomplete: exp_avg for " + m.keySet()
                    + " but exp_avg_sq for " + v.keySet());
        }
    }

    @Override
    public String toString() {
        return "AdamW(betas=" + Arrays.toString(new double[]{beta1, beta2}) + ", eps=" + eps + ", weight_decay="
                + weightDecay + ")";
    }
}
