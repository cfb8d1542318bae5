package org.tubelet.hf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;

/**
 * Starts a model from another model's weights, as fine-tuning does: every tensor whose name (with or without the
 * base-model prefix, e.g. {@code vivit.}) and shape match is copied; the rest keep their fresh initialisation (a new
 * classifier for other classes, a head the source does not have). Tensors the target does not use (a pretraining
 * decoder) are ignored. Fails only when nothing matches at all.
 */
public final class WeightTransfer {
    private WeightTransfer() {
    }

    /**
     * @param loaded target tensors filled from the source
     * @param fresh target tensors left at their fresh initialisation
     * @param unused source tensors nobody took
     * @param sources for each loaded target tensor, the source tensor it came from
     */
    public record Report(List<String> loaded, List<String> fresh, List<String> unused, Map<String, String> sources) {
        /**
         * Which tensor came from where, one line each: {@code target <- source}, then {@code target: fresh} for the
         * freshly initialised ones and {@code unused: source} for the source tensors nobody took.
         */
        public String table(String sourceName) {
            StringBuilder b = new StringBuilder("# initialised from " + sourceName + ": " + loaded.size()
                    + " tensors loaded, " + fresh.size() + " fresh, " + unused.size() + " unused\n");
            loaded.forEach(t -> b.append(t).append(" <- ").append(sources.get(t)).append('\n'));
            fresh.forEach(t -> b.append(t).append(": fresh\n"));
            unused.forEach(t -> b.append("unused: ").append(t).append('\n'));
            return b.toString();
        }

        public String summary() {
            return loaded.size() + " tensors loaded" + (fresh.isEmpty() ? "" : ", freshly initialised: "
                    + preview(fresh)) + (unused.isEmpty() ? "" : ", unused from the source: " + preview(unused));
        }

        private static String preview(List<String> names) {
            return names.size() <= 6 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 6)) + " … (" + names.size() + " in all)";
        }
    }

    public static Report apply(ModelGraph target, Map<String, HostTensor> source, String sourceName) {
        String prefix = target.architecture().prefix();
        List<String> loaded = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (TensorMapping t : target.layout().tensors()) {
            String found = null;
            for (String candidate : candidates(t.name(), prefix)) {
                HostTensor h = source.get(candidate);
                if (h != null && Arrays.equals(h.shape(), t.hfShape()) && h.dtype().isFloating()) {
                    found = candidate;
                    break;
                }
            }
            if (found == null) {
                fresh.add(t.name());
                continue;
            }
            target.params().get(t.name()).setArray(NdArrays.toNd(source.get(found)).reshape(t.graphShape()));
            taken.add(found);
            loaded.add(t.name());
            sources.put(t.name(), found);
        }
        if (loaded.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": none of its tensors fits "
                    + target.architecture().hfClass() + " (is it a checkpoint of another model family or size?)");
        }
        List<String> unused = source.keySet().stream().filter(n -> !taken.contains(n)).sorted().toList();
        return new Report(loaded, fresh, unused, sources);
    }

    private static List<String> candidates(String name, String prefix) {
        List<String> c = new ArrayList<>();
        c.add(name);
        if (!prefix.isEmpty() && name.startsWith(prefix)) {
            c.add(name.substring(prefix.length()));
        } else if (!prefix.isEmpty()) {
            c.add(prefix + name);
        }
        return c;
    }
}
