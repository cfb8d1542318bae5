package org.tubelet.models;

/** The model families Tubelet builds; the value of HF's {@code model_type}. */
public enum ModelFamily {
    VIVIT("vivit"),
    TIMESFORMER("timesformer"),
    VIDEOMAE("videomae");

    private final String modelType;

    ModelFamily(String modelType) {
        this.modelType = modelType;
    }

    public String modelType() {
        return modelType;
    }

    public static ModelFamily fromModelType(String modelType) {
        for (ModelFamily f : values()) {
            if (f.modelType.equals(modelType)) {
                return f;
            }
        }
        throw new IllegalArgumentException("model_type: unsupported value '" + modelType + "', expected one of "
                + java.util.Arrays.stream(values()).map(ModelFamily::modelType).toList());
    }
}
