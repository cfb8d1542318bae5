package org.tubelet.hf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ConfigException;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;

/**
 * Initialises any ViViT variant from a Hugging Face image ViT ({@code ViTModel} / {@code ViTForImageClassification}
 * folder), as the paper describes (section 3.4):
 * <ul>
 *   <li>2-D patch filters become 3-D by {@link KernelInit#FILTER_INFLATION} (replicated over kt and divided by kt)
 *       or {@link KernelInit#CENTRAL_FRAME} (zeros except the centre frame);</li>
 *   <li>position embeddings are repeated over the temporal indices (model 2's spatial encoder takes them as they
 *       are);</li>
 *   <li>encoder layers, CLS token and final norm are copied; model 3's temporal attention starts at zero so that the
 *       model starts as the image model; model 2's temporal encoder, the classifier and the pooler keep their
 *       fresh initialisation.</li>
 * </ul>
 */
public final class ImageVitInit {
    private static final Logger LOG = LogManager.getLogger(ImageVitInit.class);

    private ImageVitInit() {
    }

    /** Reads an HF ViT folder and initialises the graph from it. */
    public static void apply(ModelGraph vivit, Path vitFolder) throws IOException {
        HfJson json = HfJson.read(vitFolder.resolve("config.json"));
        String type = json.string("model_type", "");
        if (!type.equals("vit")) {
            throw new ConfigException("model_type", vitFolder.resolve("config.json") + ": model_type = '" + type
                    + "', expected 'vit' (a Hugging Face image ViT)");
        }
        Map<String, HostTensor> tensors = Safetensors.read(vitFolder.resolve("model.safetensors")).tensors();
        apply(vivit, tensors, vitFolder.toString());
    }

    /**
     * @param vitTensors the image ViT's state dict (names with or without the {@code vit.} prefix)
     */
    public static void apply(ModelGraph vivit, Map<String, HostTensor> vitTensors, String source) {
        VivitConfig c = (VivitConfig) vivit.config();
        Map<String, INDArray> vit = new LinkedHashMap<>();
        vitTensors.forEach((k, v) -> vit.put(k.startsWith("vit.") ? k.substring(4) : k, NdArrays.toNd(v)));
        String p = vivit.architecture().prefix();
        List<String> problems = new ArrayList<>();
        Map<String, INDArray> values = new LinkedHashMap<>();
        int copied = 0;
        for (TensorMapping t : vivit.layout().tensors()) {
            String name = t.name();
            String local = name.startsWith(p) ? name.substring(p.length()) : name;
            INDArray value = switch (source(c, local)) {
                case COPY -> vit.get(local);
                case FROM_FINAL_NORM -> vit.get(local.replace("spatial_layernorm", "layernorm"));
                case PATCH_FILTER -> inflate(c, vit.get(local), problems);
                case POSITIONS -> positions(c, vit.get(local), problems);
                case ZERO -> Nd4j.zeros(DataType.FLOAT, t.hfShape());
                case KEEP -> null;
            };
            if (value == null) {
                if (source(c, local) != Source.KEEP) {
                    problems.add("image ViT has no " + local);
                }
                continue;
            }
            if (!Arrays.equals(value.shape(), t.hfShape())) {
                problems.add(local + ": image ViT gives " + Arrays.toString(value.shape()) + ", ViViT needs "
                        + Arrays.toString(t.hfShape()));
                continue;
            }
            values.put(name, value.castTo(DataType.FLOAT).reshape(t.graphShape()));
            copied++;
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(null, source + ": cannot initialise " + vivit.architecture().hfClass()
                    + " from this image ViT (" + problems.size() + " problems): " + String.join("; ", problems));
        }
        values.forEach((name, v) -> vivit.params().get(name).setArray(v));
        LOG.info("Initialised {} tensors of {} from image ViT {} ({})", copied, vivit.architecture().hfClass(),
                source, c.kernelInit().configName());
    }

    private enum Source { COPY, FROM_FINAL_NORM, PATCH_FILTER, POSITIONS, ZERO, KEEP }

    /** Where the value of a ViViT tensor (name without prefix) comes from. */
    private static Source source(VivitConfig c, String local) {
        if (local.equals("embeddings.patch_embeddings.projection.weight")) {
            return Source.PATCH_FILTER;
        }
        if (local.equals("embeddings.position_embeddings")) {
            return Source.POSITIONS;
        }
        if (local.startsWith("temporal_encoder.") || local.startsWith("temporal_embeddings.")
                || local.startsWith("pooler.") || local.startsWith("classifier.") || local.contains("temporal_layernorm")) {
            return Source.KEEP;
        }
        if (local.contains(".temporal_attention.")) {
            return Source.ZERO;
        }
        if (local.startsWith("layernorm.") && c.variant() == VivitVariant.FACTORISED_ENCODER) {
            return Source.KEEP; // model 2's final norm follows the fresh temporal encoder
        }
        if (local.startsWith("spatial_layernorm.")) {
            return Source.FROM_FINAL_NORM;
        }
        return Source.COPY;
    }

    /** [D, C, p, p] → [D, C, kt', kh, kw] by the config's kernel init. */
    private static INDArray inflate(VivitConfig c, INDArray filter, List<String> problems) {
        if (filter == null) {
            return null;
        }
        int frames = c.embedding() == VivitEmbedding.TUBELET ? c.kt() : 1;
        long[] s = filter.shape();
        if (s.length != 4) {
            problems.add("patch filter has shape " + Arrays.toString(s) + ", expected (D, C, p, p)");
            return null;
        }
        INDArray out = Nd4j.zeros(DataType.FLOAT, s[0], s[1], frames, s[2], s[3]);
        INDArray f = filter.castTo(DataType.FLOAT);
        for (int t = 0; t < frames; t++) {
            INDArray slice = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
            switch (c.kernelInit()) {
                case FILTER_INFLATION -> slice.assign(f.div(frames));
                case CENTRAL_FRAME -> {
                    if (t == frames / 2) {
                        slice.assign(f);
                    }
                }
            }
        }
        return out;
    }

    /** ViT's [1, 1+N, D] table → the variant's table (patch positions repeated over the temporal indices). */
    private static INDArray positions(VivitConfig c, INDArray pos, List<String> problems) {
        if (pos == null) {
            return null;
        }
        long n = pos.size(1) - 1;
        if (n != c.spatialTokens()) {
            problems.add("image ViT has " + n + " patch positions, ViViT needs " + c.spatialTokens()
                    + " per temporal index (same image_size / patch size)");
            return null;
        }
        if (c.variant() == VivitVariant.FACTORISED_ENCODER) {
            return pos;
        }
        INDArray cls = pos.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray patch = pos.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 1 + n), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray[] parts = new INDArray[c.temporalTokens() + (c.variant().hasClsToken() ? 1 : 0)];
        int i = 0;
        if (c.variant().hasClsToken()) {
            parts[i++] = cls;
        }
        while (i < parts.length) {
            parts[i++] = patch;
        }
        return Nd4j.concat(1, parts);
    }
}
