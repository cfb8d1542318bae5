package org.tubelet.datasets.processing;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Hugging Face image processors this package reproduces, with their constructor defaults
 * (transformers v4.37.2). These defaults are the one place they are written down; {@link ProcessorConfig#defaults}
 * and the JSON reader use them for missing fields.
 */
public enum ProcessorType {
    /** {@code VideoMAEImageProcessor}: shortest edge 224, crop 224x224, rescale 1/255, no offset. */
    VIDEOMAE("VideoMAEImageProcessor", 224, 224, 1.0 / 255, false),
    /**
     * {@code VivitImageProcessor}: shortest edge 256, crop 224x224, rescale 1/127.5 with {@code offset}
     * (subtract 1 after rescaling), so that the default output, normalised again with mean = std = 0.5,
     * lies in [-3, 1].
     */
    VIVIT("VivitImageProcessor", 256, 224, 1.0 / 127.5, true);

    /** Hugging Face's {@code IMAGENET_STANDARD_MEAN}, the default {@code image_mean} of both processors. */
    public static final List<Double> IMAGENET_STANDARD_MEAN = List.of(0.5, 0.5, 0.5);
    /** Hugging Face's {@code IMAGENET_STANDARD_STD}, the default {@code image_std} of both processors. */
    public static final List<Double> IMAGENET_STANDARD_STD = List.of(0.5, 0.5, 0.5);

    private final String hfName;
    private final int defaultShortestEdge;
    private final int defaultCrop;
    private final double defaultRescaleFactor;
    private final boolean hasOffset;

    ProcessorType(String hfName, int defaultShortestEdge, int defaultCrop, double defaultRescaleFactor,
                  boolean hasOffset) {
        this.hfName = hfName;
        this.defaultShortestEdge = defaultShortestEdge;
        this.defaultCrop = defaultCrop;
        this.defaultRescaleFactor = defaultRescaleFactor;
        this.hasOffset = hasOffset;
    }

    /** The class name Hugging Face writes as {@code image_processor_type}. */
    public String hfName() {
        return hfName;
    }

    /** The default {@code size}: {@code {"shortest_edge": n}}. */
    public ShortestEdge defaultSize() {
        return new ShortestEdge(defaultShortestEdge);
    }

    /** The default {@code crop_size}. */
    public FrameSize defaultCropSize() {
        return new FrameSize(defaultCrop, defaultCrop);
    }

    /** The default {@code rescale_factor} (the double Python computes for 1/255 or 1/127.5). */
    public double defaultRescaleFactor() {
        return defaultRescaleFactor;
    }

    /** Whether the processor has the {@code offset} option (ViViT only); its default is {@code true}. */
    public boolean hasOffset() {
        return hasOffset;
    }

    /**
     * The type with the given Hugging Face class name.
     *
     * @param hfName {@code VideoMAEImageProcessor} or {@code VivitImageProcessor}
     * @return the type
     * @throws IllegalArgumentException naming the supported classes
     */
    public static ProcessorType fromHfName(String hfName) {
        for (ProcessorType t : values()) {
            if (t.hfName.equals(hfName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("image_processor_type: \"" + hfName + "\" is not supported; expected one of "
                + Arrays.stream(values()).map(t -> "\"" + t.hfName + "\"").collect(Collectors.joining(", ")));
    }
}
