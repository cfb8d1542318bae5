package org.tubelet.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The generic part of an HF {@code config.json} ({@code PretrainedConfig}): class names, labels and bookkeeping.
 *
 * @param architectures HF class names, e.g. {@code VivitForVideoClassification}
 * @param id2label class index → name; its size is {@code num_labels} (HF's default is two labels, LABEL_0/LABEL_1)
 * @param problemType {@code single_label_classification}, {@code regression}, ... or null
 * @param torchDtype e.g. {@code float32}, or null
 * @param transformersVersion the version that wrote the file, or null
 * @param passthrough other generic keys of the file as raw JSON text, written back unchanged on export
 */
public record HfMeta(List<String> architectures, SortedMap<Integer, String> id2label, String problemType,
                     String torchDtype, String transformersVersion, Map<String, String> passthrough) {

    public HfMeta {
        architectures = List.copyOf(architectures);
        id2label = Collections.unmodifiableSortedMap(new TreeMap<>(id2label));
        passthrough = Collections.unmodifiableMap(new LinkedHashMap<>(passthrough));
        int expected = 0;
        for (int id : id2label.keySet()) {
            if (id != expected++) {
                throw new IllegalArgumentException("id2label: ids must be 0.." + (id2label.size() - 1)
                        + " without gaps, got " + id2label.keySet());
            }
        }
    }

    /** HF's defaults for a config that says nothing: two labels. */
    public static HfMeta defaults(List<String> architectures) {
        return new HfMeta(architectures, defaultLabels(2), null, "float32", null, Map.of());
    }

    /** {@code LABEL_0 .. LABEL_{n-1}}, HF's names when none are given. */
    public static SortedMap<Integer, String> defaultLabels(int n) {
        SortedMap<Integer, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i, "LABEL_" + i);
        }
        return m;
    }

    public int numLabels() {
        return id2label.size();
    }

    public HfMeta withArchitectures(List<String> archs) {
        return new HfMeta(archs, id2label, problemType, torchDtype, transformersVersion, passthrough);
    }

    /** The metadata of an exported checkpoint: the class that wrote it, float32 weights. */
    public HfMeta forExport(String hfClass) {
        return new HfMeta(List.of(hfClass), id2label, problemType, "float32", transformersVersion, passthrough);
    }

    public HfMeta withLabels(SortedMap<Integer, String> labels) {
        return new HfMeta(architectures, labels, problemType, torchDtype, transformersVersion, passthrough);
    }
}
