package org.tubelet.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    @Override
    public void step(List<Param> params, Map<String, INDArray> grads, double lr, long t) {
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        for (Param p : params) {
            INDArray g = grads.get(p.name());
            INDArray mt = m.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
            INDArray vt = v.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
            if (p.decay() && weightDecay > 0) {
                p.value().muli(1 - lr * weightDecay);
            }
            mt.muli(beta1).addi(g.mul(1 - beta1));                          // m ← β1·m + (1−β1)·g
            vt.muli(beta2).addi(g.mul(g).muli(1 - beta2));                  // v ← β2·v + (1−β2)·g²
            INDArray denom = Transforms.sqrt(vt, true).divi(Math.sqrt(bc2)).addi(eps);
            p.value().subi(mt.div(denom).muli(lr / bc1));                  // p ← p − lr·m̂/(√v̂ + ε)
        }
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
