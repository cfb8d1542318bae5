package org.tubelet.datasets.processing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Every field of a Hugging Face {@code preprocessor_config.json} for {@code VideoMAEImageProcessor} and
 * {@code VivitImageProcessor} (transformers v4.37.2), typed and validated when created.
 *
 * <p>Field names in error messages are the JSON names, because that is what users edit. The JSON itself is read
 * and written only by {@link #load(Path)}, {@link #toJson()} and {@link #save(Path)}; the defaults of each
 * processor are in {@link ProcessorType}.
 *
 * @param type          {@code image_processor_type}
 * @param doResize      {@code do_resize}
 * @param size          {@code size}: {@code {"shortest_edge": n}} or {@code {"height": h, "width": w}}
 * @param resample      {@code resample}; must be {@link Resample#BILINEAR} (the only filter ported)
 * @param doCenterCrop  {@code do_center_crop}
 * @param cropSize      {@code crop_size}
 * @param doRescale     {@code do_rescale}
 * @param rescaleFactor {@code rescale_factor}, finite and > 0
 * @param offset        {@code offset} (ViViT only: subtract 1 after rescaling; needs {@code do_rescale});
 *                      always {@code false} for VideoMAE
 * @param doNormalize   {@code do_normalize}
 * @param imageMean     {@code image_mean}, one finite value per channel (R, G, B)
 * @param imageStd      {@code image_std}, one finite non-zero value per channel (R, G, B)
 */
public record ProcessorConfig(
        ProcessorType type,
        boolean doResize,
        ResizeRule size,
        Resample resample,
        boolean doCenterCrop,
        FrameSize cropSize,
        boolean doRescale,
        double rescaleFactor,
        boolean offset,
        boolean doNormalize,
        List<Double> imageMean,
        List<Double> imageStd) {

    /** Number of colour channels the mean and std must cover. */
    public static final int CHANNELS = 3;

    /** Validates every field; messages name the JSON field, the value and the rule. */
    public ProcessorConfig {
        requirePresent(type, "image_processor_type");
        requirePresent(size, "size");
        requirePresent(resample, "resample");
        requirePresent(cropSize, "crop_size");
        requirePresent(imageMean, "image_mean");
        requirePresent(imageStd, "image_std");
        if (resample != Resample.BILINEAR) {
            throw new IllegalArgumentException("resample: " + resample + " is not supported; expected "
                    + Resample.BILINEAR + ", the only Pillow filter ported (PilBilinearResize)");
        }
        if (!Double.isFinite(rescaleFactor) || rescaleFactor <= 0) {
            throw new IllegalArgumentException("rescale_factor: " + rescaleFactor + " is invalid; expected a finite number > 0");
        }
        if (offset && !type.hasOffset()) {
            throw new IllegalArgumentException("offset: true is not an option of " + type.hfName()
                    + "; only VivitImageProcessor has it");
        }
        if (offset && !doRescale) {
            // HF raises the same at preprocess time (vivit image_processing_vivit.py:255-256).
            throw new IllegalArgumentException("offset: true requires do_rescale: true, got do_rescale: false "
                    + "(Hugging Face: \"For offset, do_rescale must also be set to True.\")");
        }
        imageMean = List.copyOf(imageMean);
        imageStd = List.copyOf(imageStd);
        checkChannels(imageMean, "image_mean", false);
        checkChannels(imageStd, "image_std", true);
    }

    /**
     * The configuration Hugging Face's constructor gives with no arguments.
     *
     * @param type the processor
     * @return its defaults (VideoMAE: shortest edge 224, crop 224, rescale 1/255; ViViT: shortest edge 256,
     *         crop 224, rescale 1/127.5, offset; both bilinear, mean = std = 0.5, every {@code do_*} true)
     */
    public static ProcessorConfig defaults(ProcessorType type) {
        return new ProcessorConfig(type, true, type.defaultSize(), Resample.BILINEAR, true, type.defaultCropSize(),
                true, type.defaultRescaleFactor(), type.hasOffset(), true,
                ProcessorType.IMAGENET_STANDARD_MEAN, ProcessorType.IMAGENET_STANDARD_STD);
    }

    /** A copy with another {@code size}. */
    public ProcessorConfig withSize(ResizeRule newSize) {
        return toBuilder().size(newSize).build();
    }

    /** A copy with another {@code crop_size}. */
    public ProcessorConfig withCropSize(FrameSize newCropSize) {
        return toBuilder().cropSize(newCropSize).build();
    }

    /** A builder starting from HF's defaults for {@code type} ({@link #defaults}). */
    public static Builder builder(ProcessorType type) {
        return defaults(type).toBuilder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Named setters over the twelve fields; {@link #build()} validates like the constructor. */
    public static final class Builder {
        private ProcessorType type;
        private boolean doResize;
        private ResizeRule size;
        private Resample resample;
        private boolean doCenterCrop;
        private FrameSize cropSize;
        private boolean doRescale;
        private double rescaleFactor;
        private boolean offset;
        private boolean doNormalize;
        private List<Double> imageMean;
        private List<Double> imageStd;

        private Builder(ProcessorConfig c) {
            type = c.type;
            doResize = c.doResize;
            size = c.size;
            resample = c.resample;
            doCenterCrop = c.doCenterCrop;
            cropSize = c.cropSize;
            doRescale = c.doRescale;
            rescaleFactor = c.rescaleFactor;
            offset = c.offset;
            doNormalize = c.doNormalize;
            imageMean = c.imageMean;
            imageStd = c.imageStd;
        }

        public Builder doResize(boolean v) {
            doResize = v;
            return this;
        }

        public Builder size(ResizeRule v) {
            size = v;
            return this;
        }

        public Builder doCenterCrop(boolean v) {
            doCenterCrop = v;
            return this;
        }

        public Builder cropSize(FrameSize v) {
            cropSize = v;
            return this;
        }

        public Builder rescale(boolean doRescale, double factor) {
            this.doRescale = doRescale;
            rescaleFactor = factor;
            return this;
        }

        public Builder offset(boolean v) {
            offset = v;
            return this;
        }

        /** {@code do_normalize}, {@code image_mean} and {@code image_std}. */
        public Builder normalize(boolean doNormalize, List<Double> mean, List<Double> std) {
            this.doNormalize = doNormalize;
            imageMean = mean;
            imageStd = std;
            return this;
        }

        public ProcessorConfig build() {
            return new ProcessorConfig(type, doResize, size, resample, doCenterCrop, cropSize, doRescale,
                    rescaleFactor, offset, doNormalize, imageMean, imageStd);
        }
    }

    /**
     * Reads and validates a Hugging Face {@code preprocessor_config.json}. Missing fields take the processor's
     * defaults; keys these processors do not use (e.g. {@code feature_extractor_type}, {@code processor_class})
     * are ignored and logged at debug level. The processor is {@code image_processor_type}, or, in older files,
     * {@code feature_extractor_type} with {@code FeatureExtractor} read as {@code ImageProcessor}.
     *
     * @param preprocessorConfigJson the file
     * @return the validated config
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not valid JSON or a field is invalid; the message starts with the
     *                                  file and names the field, the value and what was expected
     */
    public static ProcessorConfig load(Path preprocessorConfigJson) throws IOException {
        return ProcessorConfigJson.read(preprocessorConfigJson);
    }

    /**
     * This config as Hugging Face's {@code save_pretrained} writes it: sorted keys, two-space indent, trailing
     * newline, sizes as dicts, {@code offset} only for ViViT.
     *
     * @return the JSON text
     */
    public String toJson() {
        return ProcessorConfigJson.write(this);
    }

    /**
     * Writes {@link #toJson()} to a file (UTF-8), replacing it if it exists.
     *
     * @param preprocessorConfigJson the file
     * @throws IOException if it cannot be written
     */
    public void save(Path preprocessorConfigJson) throws IOException {
        Files.writeString(preprocessorConfigJson, toJson(), StandardCharsets.UTF_8);
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing; expected a value");
        }
    }

    private static void checkChannels(List<Double> values, String field, boolean nonZero) {
        if (values.size() != CHANNELS) {
            throw new IllegalArgumentException(field + ": " + values + " has " + values.size()
                    + " values; expected " + CHANNELS + " (one per RGB channel)");
        }
        for (int c = 0; c < CHANNELS; c++) {
            double v = Objects.requireNonNull(values.get(c));
            if (!Double.isFinite(v) || (nonZero && v == 0.0)) {
                throw new IllegalArgumentException(field + "[" + c + "]: " + v + " is invalid; expected a finite number"
                        + (nonZero ? " other than 0" : ""));
            }
        }
    }
}
