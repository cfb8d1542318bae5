package org.tubelet.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.engine.GraphSessions;
import org.tubelet.models.ModelGraph;

/** Runs a graph's outputs and gradients for tests. */
public final class GraphRuns {
    private GraphRuns() {
    }

    public static Map<String, INDArray> outputs(ModelGraph g, Map<String, INDArray> feeds, SDVariable... vars) {
        List<String> names = new ArrayList<>();
        for (SDVariable v : vars) {
            names.add(v.name());
        }
        return GraphSessions.output(g.sd(), feeds, names);   // the product's inference path: copies out, gives back
    }

    /** Gradients of the loss for every parameter, keyed by HF name, in HF shapes. */
    public static Map<String, INDArray> gradients(ModelGraph g, Map<String, INDArray> feeds) {
        Map<String, INDArray> grads = g.sd().calculateGradients(feeds, g.params().keySet());
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (var t : g.layout().tensors()) {
            INDArray gr = grads.get(t.name());
            out.put(t.name(), gr == null ? null : gr.reshape(t.hfShape()));
        }
        return out;
    }

    /** The hidden states stacked as HF's fixture stores them: (L + 1, B, S, D). */
    public static INDArray stackedHiddenStates(ModelGraph g, Map<String, INDArray> feeds) {
        Map<String, INDArray> r = outputs(g, feeds, g.outputs().hiddenStates().toArray(new SDVariable[0]));
        INDArray[] parts = g.outputs().hiddenStates().stream().map(v -> r.get(v.name())).toArray(INDArray[]::new);
        return org.nd4j.linalg.factory.Nd4j.stack(0, parts);
    }
}
