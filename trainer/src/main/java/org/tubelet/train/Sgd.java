package org.tubelet.train;

import java.util.LinkedHashMap;
import java.util.List;
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
    public void step(List<Param> params, Map<String, INDArray> grads, double lr, long t) {
        for (Param p : params) {
            INDArray g = grads.get(p.name());
            if (p.decay() && weightDecay > 0) {
                g = g.add(p.value().mul(weightDecay));                     // g ← g + wd·p
            }
            INDArray d = g;
            if (momentum > 0) {
                INDArray b = buf.computeIfAbsent(p.name(), k -> p.value().ulike().assign(0));
                b.muli(momentum).addi(g);                                   // b ← μ·b + g
                d = nesterov ? g.add(b.mul(momentum)) : b;
            }
            p.value().subi(d.mul(lr));
        }
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
