package org.tubelet.train.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** SGD with (optionally Nesterov) momentum and L2 weight decay, as {@code torch.optim.SGD} (no dampening). */
public final class Sgd implements Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final Map<String, INDArray> buf = new LinkedHashMap<>();

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void toUpdate(Param p, INDArray g, double lr, long t) {
        if (p.decay() && weightDecay > 0) {
            g.addi(p.value().mul(weightDecay));                             // g ← g + wd·p
        }
        if (momentum > 0) {
            INDArray b = buf.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
            b.muli(momentum).addi(g);                                       // b ← μ·b + g
            if (nesterov) {
                g.addi(b.mul(momentum));                                    // d = g + μ·b
            } else {
                g.assign(b);                                                // d = b
            }
        }
        g.muli(lr);                                                         // u = lr·d
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        buf.forEach((k, a) -> s.put("momentum_buffer/" + k, a));
        return s;
    }

    @Override
    public void loadState(Map<String, INDArray> state) {
        buf.clear();
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            if (!e.getKey().startsWith("momentum_buffer/")) {
                throw new IllegalArgumentException("SGD state has an unexpected tensor '" + e.getKey() + "'");
            }
            buf.put(e.getKey().substring("momentum_buffer/".length()), e.getValue().dup());
        }
    }
}
