package org.tubelet.train.optim;

import static org.tubelet.models.ConfigException.require;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;

/**
 * The trainable parameters of a model as the optimiser gets them: each with its weight-decay flag (the exemptions of
 * {@link Param#decays}) and its learning-rate factor from layer-wise decay ({@link LayerIds}); and their description
 * as parameter groups, {@code layer_<id>_decay} / {@code layer_<id>_no_decay} as BEiT and VideoMAE name them, for the
 * run folder.
 */
public final class ParamGroups {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParamGroups() {
    }

    /**
     * The parameters of a graph, in layout order.
     *
     * @param noWeightDecay name fragments exempt from weight decay (one-dimensional tensors always are)
     * @param layerDecay the layer-wise lr decay, in (0, 1]; 1 trains every tensor at the scheduled rate
     */
    public static List<Param> of(ModelGraph g, List<String> noWeightDecay, double layerDecay) {
        require(layerDecay > 0 && layerDecay <= 1, "layer_decay", layerDecay, "must be in (0, 1] (1 = off)");
        LayerIds ids = LayerIds.of(g);
        List<Param> out = new ArrayList<>();
        for (TensorMapping t : g.layout().tensors()) {
            out.add(new Param(t.name(), g.paramValue(t.name()), Param.decays(t.name(), t.hfShape(), noWeightDecay),
                    ids.scale(t.name(), layerDecay)));
        }
        return out;
    }

    /**
     * The groups as JSON: per group its layer id, lr scale, peak and final learning rate, weight decay and parameter
     * names ({@code param_groups.json} in the run folder).
     *
     * @param params the parameters from {@link #of}
     * @param ids their layer ids
     * @param layerDecay the decay they were built with
     * @param peakLr the schedule's peak rate ({@code optim.lr})
     * @param minLr the schedule's final rate ({@code schedule.min_lr})
     * @param weightDecay the optimiser's weight decay
     */
    public static String json(List<Param> params, LayerIds ids, double layerDecay, double peakLr, double minLr,
                              double weightDecay) {
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        for (Param p : params) {
            int id = ids.of(p.name());
            String name = "layer_" + id + (p.decay() ? "_decay" : "_no_decay");
            ObjectNode g = groups.computeIfAbsent(name, k -> {
                ObjectNode n = JSON.createObjectNode();
                n.put("layer_id", id);
                n.put("lr_scale", p.lrScale());
                n.put("peak_lr", p.lr(peakLr));
                n.put("min_lr", p.lr(minLr));
                n.put("weight_decay", p.decay() ? weightDecay : 0.0);
                n.putArray("params");
                return n;
            });
            ((ArrayNode) g.get("params")).add(p.name());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("layer_decay", layerDecay);
        root.put("num_layers", ids.depth());
        root.put("rule", "lr of a parameter = scheduled lr * layer_decay^(num_layers + 1 - layer_id); layer_id 0 = "
                + "embeddings, i + 1 = encoder layer i, num_layers + 1 = final norm and head");
        groups.forEach(root.putObject("groups")::set);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
