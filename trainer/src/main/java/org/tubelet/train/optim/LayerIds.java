package org.tubelet.train.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;

/**
 * The depth of every parameter for layer-wise learning-rate decay (BEiT; MAE's and VideoMAE's fine-tuning): id 0 for
 * the embeddings (patch filter, position, CLS and time embeddings), {@code i + 1} for encoder layer {@code i}, and
 * {@code L + 1} for what comes after the last layer (final norm, {@code fc_norm}, pooler, classifier), so that a
 * parameter trains at {@code lr · decay^(L + 1 − id)}: the head at the full rate, each layer below it
 * {@code decay} times slower.
 *
 * <p>One pure function of the Hugging Face state-dict names, which all three families share ({@code embeddings.*},
 * {@code encoder.layer.<i>.*}, everything else on top); a layer's TimeSformer {@code temporal_*} tensors and ViViT
 * model 3's temporal attention belong to their layer. ViViT model 2 (factorised encoder) stacks two encoders: the
 * spatial layers take ids {@code 1 .. Ls}, the temporal layers {@code Ls + 1 .. Ls + Lt}, and what the temporal
 * encoder reads before its first layer ({@code spatial_layernorm}, {@code temporal_embeddings.*}) takes {@code Ls},
 * one below that layer, as embeddings sit one below the first layer; L = Ls + Lt. VideoMAE's pretraining decoder
 * (with its {@code mask_token}) counts as head.
 *
 * @param ids layer id per parameter name, in layout order
 * @param depth L, the number of encoder layers (spatial plus temporal)
 */
public record LayerIds(Map<String, Integer> ids, int depth) {
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    private static final Pattern TEMPORAL_LAYER = Pattern.compile("^temporal_encoder\\.layer\\.(\\d+)\\.");

    public LayerIds {
        ids = Collections.unmodifiableMap(new LinkedHashMap<>(ids));
    }

    /** The ids of a model's parameters. */
    public static LayerIds of(ModelGraph g) {
        return of(g.layout(), g.architecture());
    }

    /** The ids of the parameters of a weight layout of class {@code arch}. */
    public static LayerIds of(WeightLayout layout, Architecture arch) {
        return of(layout.tensors().stream().map(TensorMapping::name).toList(), arch.prefix());
    }

    /**
     * The ids of HF state-dict names.
     *
     * @param names every parameter name of one model
     * @param prefix the base model's prefix inside the class ({@code "vivit."}, {@code "videomae."}, or empty)
     */
    static LayerIds of(List<String> names, String prefix) {
        TreeSet<Integer> spatial = new TreeSet<>();
        TreeSet<Integer> temporal = new TreeSet<>();
        for (String n : names) {
            String local = local(n, prefix);
            index(LAYER, local).ifPresent(spatial::add);
            index(TEMPORAL_LAYER, local).ifPresent(temporal::add);
        }
        int ls = spatial.isEmpty() ? 0 : spatial.last() + 1;
        int lt = temporal.isEmpty() ? 0 : temporal.last() + 1;
        int depth = ls + lt;
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String n : names) {
            String local = local(n, prefix);
            int id;
            if (local.startsWith("embeddings.")) {
                id = 0;
            } else if (index(LAYER, local).isPresent()) {
                id = index(LAYER, local).getAsInt() + 1;
            } else if (index(TEMPORAL_LAYER, local).isPresent()) {
                id = ls + index(TEMPORAL_LAYER, local).getAsInt() + 1;
            } else if (local.startsWith("spatial_layernorm.") || local.startsWith("temporal_embeddings.")) {
                id = ls;
            } else {
                id = depth + 1;
            }
            ids.put(n, id);
        }
        return new LayerIds(ids, depth);
    }

    /** The id of a parameter. */
    public int of(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "' among the layer ids");
        }
        return id;
    }

    /** {@code decay^(L + 1 − id)}: the factor on the scheduled learning rate of a parameter. */
    public double scale(String name, double decay) {
        return Math.pow(decay, depth + 1 - of(name));
    }

    private static String local(String name, String prefix) {
        return !prefix.isEmpty() && name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static OptionalInt index(Pattern p, String local) {
        Matcher m = p.matcher(local);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
