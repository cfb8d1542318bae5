package org.tubelet.hf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.PositionTable;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.WeightLayout;
import org.tubelet.models.zoo.Models;

/**
 * Starts a model from another model's weights, as fine-tuning does: every tensor whose name (with or without the
 * base-model prefix, e.g. {@code vivit.}) and shape match is copied; the rest keep their fresh initialisation (a new
 * classifier for other classes, a head the source does not have). Tensors the target does not use (a pretraining
 * decoder) are ignored. Fails only when nothing matches at all.
 *
 * <p>A model of another clip length or resolution than the source's gets the source's position tables resized to
 * its token grid ({@link PositionTable#resizeTo}, the target family's rule); the source's grids come from its config,
 * and the resizing is logged once per transfer.
 */
public final class WeightTransfer {
    private static final Logger LOG = LogManager.getLogger(WeightTransfer.class);

    private WeightTransfer() {
    }

    /**
     * @param loaded target tensors filled from the source
     * @param fresh target tensors left at their fresh initialisation
     * @param unused source tensors nobody took
     * @param sources for each loaded target tensor, the source tensor it came from
     * @param resized position tables resized to the target's grid (also in {@code loaded}), as
     *                {@code name source-grid -> target-grid}
     */
    public record Report(List<String> loaded, List<String> fresh, List<String> unused, Map<String, String> sources,
                         List<String> resized) {
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
            return loaded.size() + " tensors loaded" + (resized.isEmpty() ? "" : " (" + resized.size()
                    + " resized position table" + (resized.size() == 1 ? ")" : "s)"))
                    + (fresh.isEmpty() ? "" : ", freshly initialised: " + preview(fresh)) + (unused.isEmpty() ? "" : ", unused from the source: " + preview(unused));
        }

        private static String preview(List<String> names) {
            return names.size() <= 6 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 6)) + " … (" + names.size() + " in all)";
        }
    }

    /**
     * Loads an HF or checkpoint folder's weights into {@code target}: its {@code config.json} gives the grids of the
     * source's position tables.
     */
    public static Report fromFolder(ModelGraph target, Path folder) throws IOException {
        ModelConfig config = HfConfigs.read(folder.resolve(HfCheckpoint.CONFIG));
        // the tables of every class the config can be (their names with and without the base-model prefix), so that
        // a config.json without architectures still gives its grids
        List<PositionTable> tables = Arrays.stream(Architecture.values()).filter(a -> Models.fits(config, a))
                .flatMap(a -> Models.layout(config, a).positionTables().stream()).distinct().toList();
        Path weights = folder.resolve(HfCheckpoint.WEIGHTS);
        return apply(target, Safetensors.read(weights).tensors(), tables, weights.toString());
    }

    /** {@link #apply(ModelGraph, Map, List, String)} without knowing the source's grids: no resizing. */
    public static Report apply(ModelGraph target, Map<String, HostTensor> source, String sourceName) {
        return apply(target, source, List.of(), sourceName);
    }

    /**
     * @param sourceTables the source model's position tables (their grids), empty when unknown
     */
    public static Report apply(ModelGraph target, Map<String, HostTensor> source, List<PositionTable> sourceTables,
                               String sourceName) {
        String prefix = target.architecture().prefix();
        List<String> loaded = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> resized = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (TensorMapping t : target.layout().tensors()) {
            String found = null;
            INDArray value = null;
            for (String candidate : candidates(t.name(), prefix)) {
                HostTensor h = source.get(candidate);
                if (h == null || !h.dtype().isFloating()) {
                    continue;
                }
                if (Arrays.equals(h.shape(), t.hfShape())) {
                    found = candidate;
                    value = NdArrays.toNd(h);
                    break;
                }
                Optional<PositionTable> to = target.layout().positionTable(t.name());
                Optional<PositionTable> from = table(sourceTables, candidate);
                if (to.isPresent() && from.isPresent() && resizable(from.get(), to.get(), h.shape(), t.hfShape())) {
                    found = candidate;
                    value = from.get().resizeTo(to.get(), NdArrays.toNd(h));
                    resized.add(t.name() + " " + from.get().grid() + " -> " + to.get().grid());
                    break;
                }
            }
            if (found == null) {
                fresh.add(t.name());
                continue;
            }
            target.setParamValue(t.name(), value.reshape(t.graphShape()));
            taken.add(found);
            loaded.add(t.name());
            sources.put(t.name(), found);
        }
        if (loaded.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": none of its tensors fits "
                    + target.architecture().hfClass() + " (is it a checkpoint of another model family or size?)");
        }
        if (!resized.isEmpty()) {
            PositionTable rule = target.layout().positionTables().get(0);
            LOG.info("{}: the source's clip size differs; position tables resized ({} in time, {} in space): {}",
                    target.architecture().hfClass(), rule.time().torchName(), rule.space().torchName(),
                    String.join(", ", resized));
        }
        logComputedTables(target.layout(), sourceTables);
        List<String> unused = source.keySet().stream().filter(n -> !taken.contains(n)).sorted().toList();
        return new Report(loaded, fresh, unused, sources, resized);
    }

    /** Same leading tokens and width, another grid, and a source tensor of the source table's shape. */
    private static boolean resizable(PositionTable from, PositionTable to, long[] sourceShape, long[] targetShape) {
        return from.learned() && to.learned() && from.prefix() == to.prefix() && !from.sameGrid(to)
                && sourceShape.length == 3 && targetShape.length == 3 && sourceShape[1] == from.rows()
                && targetShape[1] == to.rows() && sourceShape[2] == targetShape[2];
    }

    private static Optional<PositionTable> table(List<PositionTable> tables, String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Tables that are not stored (VideoMAE's sin-cos) are computed for the target's grid: say so once. */
    private static void logComputedTables(WeightLayout target, List<PositionTable> source) {
        for (PositionTable to : target.positionTables()) {
            table(source, to.name()).filter(from -> !to.learned() && !from.sameGrid(to)).ifPresent(from ->
                    LOG.info("the source's clip size differs: the fixed sin-cos position table is computed for {} "
                            + "tokens (the source's was {})", to.grid(), from.grid()));
        }
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
