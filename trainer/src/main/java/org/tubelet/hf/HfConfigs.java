package org.tubelet.hf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.tubelet.models.ConfigException;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelFamily;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.vivit.VivitConfig;

/** Reads and writes HF {@code config.json} files for every supported family ({@code model_type}). */
public final class HfConfigs {
    private HfConfigs() {
    }

    public static ModelConfig read(Path configJson) throws IOException {
        return read(HfJson.read(configJson));
    }

    public static ModelConfig parse(String source, String json) {
        return read(HfJson.parse(source, json));
    }

    private static ModelConfig read(HfJson j) {
        if (!j.has("model_type")) {
            throw new ConfigException("model_type", j.source() + ": model_type is missing (expected one of "
                    + Arrays.stream(ModelFamily.values()).map(ModelFamily::modelType).toList() + ")");
        }
        ModelFamily family;
        try {
            family = ModelFamily.fromModelType(j.string("model_type", null));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model_type", j.source() + ": " + e.getMessage());
        }
        return switch (family) {
            case VIVIT -> VivitConfigCodec.read(j);
            case TIMESFORMER -> TimesformerConfigCodec.read(j);
            case VIDEOMAE -> VideoMaeConfigCodec.read(j);
        };
    }

    public static String toJson(ModelConfig config) {
        return writer(config).toJson();
    }

    public static void write(ModelConfig config, Path configJson) throws IOException {
        writer(config).write(configJson);
    }

    private static HfJsonWriter writer(ModelConfig config) {
        return switch (config.family()) {
            case VIVIT -> VivitConfigCodec.write((VivitConfig) config);
            case TIMESFORMER -> TimesformerConfigCodec.write((TimesformerConfig) config);
            case VIDEOMAE -> VideoMaeConfigCodec.write((VideoMaeConfig) config);
        };
    }
}
