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
import org.tubelet.io.HostTensor;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ConfigException;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.PositionTable;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.VivitConfig;

/**
 * Initialises a video model from a Hugging Face image ViT ({@code ViTModel} / {@code ViTForImageClassification}
 * folder), as each family's paper does: ViViT, any of the four models ({@link VivitFromImageVit}); TimeSformer
 * ({@link TimesformerFromImageVit}); VideoMAE's encoder ({@link VideoMaeFromImageVit}). When the ViT's patch grid
 * differs from the video model's, its position table is resized to the video grid by the video family's rule
 * (bicubic for ViViT, nearest for TimeSformer). Every problem (missing tensors, other widths or patch sizes) is listed
 * in one error.
 */
public final class ImageVitInit {
    private static final Logger LOG = LogManager.getLogger(ImageVitInit.class);

    private ImageVitInit() {
    }

    /** Reads an HF ViT folder and initialises the graph from it. */
    public static void apply(ModelGraph video, Path vitFolder) throws IOException {
        HfJson json = HfJson.read(vitFolder.resolve("config.json"));
        String type = json.string("model_type", "");
        if (!type.equals("vit")) {
            throw new ConfigException("model_type", vitFolder.resolve("config.json") + ": model_type = '" + type
                    + "', expected 'vit' (a Hugging Face image ViT)");
        }
        int grid = json.integer("image_size", 224) / json.integer("patch_size", 16);
        Map<String, HostTensor> tensors = Safetensors.read(vitFolder.resolve("model.safetensors")).tensors();
        apply(video, tensors, grid, vitFolder.toString());
    }

    /**
     * As {@link #apply(ModelGraph, Path)}, the ViT's patch grid being the square one its position table covers.
     *
     * @param vitTensors the image ViT's state dict (names with or without the {@code vit.} prefix)
     */
    public static void apply(ModelGraph video, Map<String, HostTensor> vitTensors, String source) {
        apply(video, vitTensors, 0, source);
    }

    private static void apply(ModelGraph video, Map<String, HostTensor> vitTensors, int grid, String source) {
        List<String> problems = new ArrayList<>();
        ImageVit vit = ImageVit.of(vitTensors, grid, problems);
        ImageVitPlan plan = plan(video);
        String p = video.architecture().prefix();
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (TensorMapping t : video.layout().tensors()) {
            String local = t.name().startsWith(p) ? t.name().substring(p.length()) : t.name();
            INDArray value = plan.value(t, local, vit, problems);
            if (value == null) {
                continue;
            }
            if (!Arrays.equals(value.shape(), t.hfShape())) {
                problems.add(local + ": image ViT gives " + Arrays.toString(value.shape()) + ", "
                        + video.config().family().modelType() + " needs " + Arrays.toString(t.hfShape()));
                continue;
            }
            values.put(t.name(), value.castTo(DataType.FLOAT).reshape(t.graphShape()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(null, source + ": cannot initialise " + video.architecture().hfClass()
                    + " from this image ViT (" + problems.size() + " problems): " + String.join("; ", problems));
        }
        values.forEach(video::setParamValue);
        String resized = video.layout().positionTables().stream().filter(PositionTable::learned)
                .filter(vit::resizedFor).findFirst().map(t -> "; position table resized from " + vit.gridH() + "x"
                        + vit.gridW() + " to " + t.height() + "x" + t.width() + " patches (" + t.space().torchName()
                        + ")").orElse("");
        LOG.info("Initialised {} of {} tensors of {} from image ViT {} ({}{})", values.size(), video.layout().size(),
                video.architecture().hfClass(), source, plan.describe(), resized);
    }

    private static ImageVitPlan plan(ModelGraph video) {
        return switch (video.config().family()) {
            case VIVIT -> new VivitFromImageVit((VivitConfig) video.config(), video.layout());
            case TIMESFORMER -> new TimesformerFromImageVit(video.layout());
            case VIDEOMAE -> new VideoMaeFromImageVit((VideoMaeConfig) video.config());
        };
    }
}
