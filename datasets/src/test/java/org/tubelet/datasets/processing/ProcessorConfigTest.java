package org.tubelet.datasets.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorConfigTest {

    /** Exactly what transformers v4.37.2 {@code VivitImageProcessor().save_pretrained} writes. */
    private static final String VIVIT_DEFAULT_JSON = """
            {
              "crop_size": {
                "height": 224,
                "width": 224
              },
              "do_center_crop": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [
                0.5,
                0.5,
                0.5
              ],
              "image_processor_type": "VivitImageProcessor",
              "image_std": [
                0.5,
                0.5,
                0.5
              ],
              "offset": true,
              "resample": 2,
              "rescale_factor": 0.00784313725490196,
              "size": {
                "shortest_edge": 256
              }
            }
            """;

    /** Exactly what transformers v4.37.2 {@code VideoMAEImageProcessor().save_pretrained} writes. */
    private static final String VIDEOMAE_DEFAULT_JSON = """
            {
              "crop_size": {
                "height": 224,
                "width": 224
              },
              "do_center_crop": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [
                0.5,
                0.5,
                0.5
              ],
              "image_processor_type": "VideoMAEImageProcessor",
              "image_std": [
                0.5,
                0.5,
                0.5
              ],
              "resample": 2,
              "rescale_factor": 0.00392156862745098,
              "size": {
                "shortest_edge": 224
              }
            }
            """;

    /** The VideoMAE defaults with one field per line, so a test can swap one value. */
    private static final String VIDEOMAE_ONE_LINE_FIELDS = """
            {
              "crop_size": {"height": 224, "width": 224},
              "do_center_crop": true,
              "do_normalize": true,
              "do_rescale": true,
              "do_resize": true,
              "image_mean": [0.5, 0.5, 0.5],
              "image_processor_type": "VideoMAEImageProcessor",
              "image_std": [0.5, 0.5, 0.5],
              "resample": 2,
              "rescale_factor": 0.00392156862745098,
              "size": {"shortest_edge": 224}
            }
            """;

    /** The ViViT defaults with one field per line. */
    private static final String VIVIT_ONE_LINE_FIELDS = VIDEOMAE_ONE_LINE_FIELDS
            .replace("VideoMAEImageProcessor", "VivitImageProcessor")
            .replace("0.00392156862745098", "0.00784313725490196")
            .replace("\"shortest_edge\": 224", "\"shortest_edge\": 256")
            .replace("\"resample\"", "\"offset\": true,\n  \"resample\"");

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("preprocessor_config.json");
        Files.writeString(file, json);
        return file;
    }

    /** Loads a one-line-per-field config with the value of {@code key} replaced by {@code valueJson}; must fail. */
    private IllegalArgumentException loadFailing(String base, String key, String valueJson) throws IOException {
        String json = base.replaceFirst("\"" + key + "\": [^\\n]*?(,?)\\n", "\"" + key + "\": " + valueJson + "$1\n");
        assertTrue(json.contains("\"" + key + "\": " + valueJson), "test setup: " + key + " not replaced in\n" + json);
        Path file = write(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessorConfig.load(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "message names the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void defaultsFollowHuggingFace() {
        ProcessorConfig m = ProcessorConfig.defaults(ProcessorType.VIDEOMAE);
        assertEquals(new ShortestEdge(224), m.size());
        assertEquals(new FrameSize(224, 224), m.cropSize());
        assertEquals(0.00392156862745098, m.rescaleFactor());
        assertFalse(m.offset());
        assertEquals(Resample.BILINEAR, m.resample());
        assertEquals(List.of(0.5, 0.5, 0.5), m.imageMean());
        assertEquals(List.of(0.5, 0.5, 0.5), m.imageStd());
        assertTrue(m.doResize() && m.doCenterCrop() && m.doRescale() && m.doNormalize());

        ProcessorConfig v = ProcessorConfig.defaults(ProcessorType.VIVIT);
        assertEquals(new ShortestEdge(256), v.size());
        assertEquals(new FrameSize(224, 224), v.cropSize());
        assertEquals(0.00784313725490196, v.rescaleFactor());
        assertTrue(v.offset());
    }

    @Test
    void typeNamesMapToTheEnum() {
        assertEquals(ProcessorType.VIDEOMAE, ProcessorType.fromHfName("VideoMAEImageProcessor"));
        assertEquals(ProcessorType.VIVIT, ProcessorType.fromHfName("VivitImageProcessor"));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ProcessorType.fromHfName("CLIPImageProcessor")),
                "image_processor_type", "CLIPImageProcessor", "VivitImageProcessor");
    }

    @Test
    void loadsAndRewritesHuggingFaceFilesByteForByte() throws IOException {
        for (String json : List.of(VIVIT_DEFAULT_JSON, VIDEOMAE_DEFAULT_JSON)) {
            ProcessorConfig config = ProcessorConfig.load(write(json));
            ProcessorType type = json.contains("Vivit") ? ProcessorType.VIVIT : ProcessorType.VIDEOMAE;
            assertEquals(ProcessorConfig.defaults(type), config);
            assertEquals(json, config.toJson());
            assertEquals(config, ProcessorConfig.load(write("\uFEFF" + json)), "a byte-order mark is skipped");
        }
        Files.write(dir.resolve("utf16.json"), VIVIT_DEFAULT_JSON.getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ProcessorConfig.load(dir.resolve("utf16.json"))),
                "utf16.json", "UTF-8");
    }

    @Test
    void saveAndLoadRoundTripANonDefaultConfig() throws IOException {
        ProcessorConfig config = new ProcessorConfig(ProcessorType.VIDEOMAE, true, new ExactSize(160, 200),
                Resample.BILINEAR, false, new FrameSize(112, 96), true, 0.5, false, true,
                List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
        Path file = dir.resolve("saved.json");
        config.save(file);
        assertEquals(config, ProcessorConfig.load(file));
        String text = Files.readString(file);
        assertTrue(text.contains("\"size\": {\n    \"height\": 160,\n    \"width\": 200\n  }"), text);
        assertFalse(text.contains("offset"), "VideoMAE has no offset field");
    }

    @Test
    void missingFieldsTakeTheProcessorDefaultsAndUnknownKeysAreIgnored() throws IOException {
        ProcessorConfig config = ProcessorConfig.load(write("""
                {"image_processor_type": "VivitImageProcessor", "feature_extractor_type": "X",
                 "processor_class": "Y", "crop_size": {"height": 64, "width": 64}}
                """));
        assertEquals(ProcessorConfig.defaults(ProcessorType.VIVIT).withCropSize(new FrameSize(64, 64)), config);
    }

    @Test
    void readsLegacyFeatureExtractorFiles() throws IOException {
        // the shape of MCG-NJU's original VideoMAE files: int size, no image_processor_type
        ProcessorConfig config = ProcessorConfig.load(write("""
                {"do_center_crop": true, "do_normalize": true, "do_resize": true,
                 "feature_extractor_type": "VideoMAEFeatureExtractor",
                 "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
                 "resample": 2, "size": 224}
                """));
        assertEquals(ProcessorType.VIDEOMAE, config.type());
        assertEquals(new ShortestEdge(224), config.size());
        assertEquals(new FrameSize(224, 224), config.cropSize());
        assertEquals(List.of(0.485, 0.456, 0.406), config.imageMean());
    }

    @Test
    void sizeFormsFollowGetSizeDict() throws IOException {
        ProcessorConfig config = ProcessorConfig.load(write("""
                {"image_processor_type": "VideoMAEImageProcessor", "size": [100, 120], "crop_size": 96,
                 "image_mean": 0.25}
                """));
        assertEquals(new ExactSize(100, 120), config.size());
        assertEquals(new FrameSize(96, 96), config.cropSize());
        assertEquals(List.of(0.25, 0.25, 0.25), config.imageMean());
        ProcessorConfig dict = ProcessorConfig.load(write("""
                {"image_processor_type": "VideoMAEImageProcessor", "size": {"height": 100, "width": 120}}
                """));
        assertEquals(new ExactSize(100, 120), dict.size());
    }

    @Test
    void unsupportedResampleIsRejected() throws IOException {
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "resample", "3"), "resample", "3 (BICUBIC)", "2 (BILINEAR)");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "resample", "9"), "resample", "9", "Pillow filter code");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "resample", "\"bilinear\""), "resample", "\"bilinear\"");
    }

    @Test
    void offsetWithoutRescaleIsRejectedAsHuggingFaceDoes() throws IOException {
        assertEquals(ProcessorConfig.defaults(ProcessorType.VIVIT), ProcessorConfig.load(write(VIVIT_ONE_LINE_FIELDS)));
        assertMentions(loadFailing(VIVIT_ONE_LINE_FIELDS, "do_rescale", "false"), "offset", "do_rescale");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> new ProcessorConfig(ProcessorType.VIDEOMAE,
                true, new ShortestEdge(224), Resample.BILINEAR, true, new FrameSize(224, 224), true, 1 / 255.0, true,
                true, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5))), "offset", "VideoMAEImageProcessor");
        // a VideoMAE file with an offset key: HF ignores it, so do we
        ProcessorConfig config = ProcessorConfig.load(write(VIDEOMAE_DEFAULT_JSON.replace("\"resample\"",
                "\"offset\": true,\n  \"resample\"")));
        assertFalse(config.offset());
    }

    @Test
    void everyFieldIsValidatedWithItsNameAndValue() throws IOException {
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "rescale_factor", "-1"), "rescale_factor", "-1", "> 0");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "do_resize", "\"yes\""), "do_resize", "\"yes\"", "true or false");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "do_center_crop", "1"), "do_center_crop", "1");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "do_normalize", "null"), "do_normalize", "null");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "image_processor_type", "\"ViTImageProcessor\""),
                "image_processor_type", "ViTImageProcessor", "VideoMAEImageProcessor");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "image_processor_type", "7"), "image_processor_type", "7");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "size", "{\"longest_edge\": 300}"),
                "size", "{\"longest_edge\":300}", "shortest_edge");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "size", "{\"shortest_edge\": 0}"),
                "size.shortest_edge", "0", "> 0");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "size", "{\"shortest_edge\": 22.5}"),
                "size.shortest_edge", "22.5", "integer");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "crop_size", "{\"height\": 10}"),
                "crop_size", "{\"height\":10}", "width");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "crop_size", "{\"height\": 10, \"width\": -4}"),
                "crop_size.width", "-4");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "image_mean", "[0.5, 0.5]"), "image_mean", "[0.5,0.5]", "3");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "image_mean", "[0.5, \"a\", 0.5]"), "image_mean[1]", "\"a\"");
        assertMentions(loadFailing(VIDEOMAE_ONE_LINE_FIELDS, "image_std", "[0.5, 0, 0.5]"), "image_std[1]", "0.0");
    }

    @Test
    void fileProblemsAreReported() throws IOException {
        Path broken = write("{\"image_processor_type\": ");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ProcessorConfig.load(broken)),
                broken.toString(), "not valid JSON");
        Path array = write("[1, 2]");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ProcessorConfig.load(array)),
                array.toString(), "JSON object");
        Path noType = write("{\"do_resize\": true}");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> ProcessorConfig.load(noType)),
                noType.toString(), "image_processor_type", "missing");
        assertThrows(NoSuchFileException.class, () -> ProcessorConfig.load(dir.resolve("absent.json")));
    }

    @Test
    void recordValidationNamesFields() {
        ProcessorConfig d = ProcessorConfig.defaults(ProcessorType.VIDEOMAE);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> new ProcessorConfig(d.type(), true, d.size(),
                Resample.LANCZOS, true, d.cropSize(), true, d.rescaleFactor(), false, true, d.imageMean(),
                d.imageStd())), "resample", "1 (LANCZOS)");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> new ProcessorConfig(d.type(), true, d.size(),
                Resample.BILINEAR, true, d.cropSize(), true, Double.NaN, false, true, d.imageMean(),
                d.imageStd())), "rescale_factor", "NaN");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> new ProcessorConfig(d.type(), true, null,
                Resample.BILINEAR, true, d.cropSize(), true, 1, false, true, d.imageMean(), d.imageStd())),
                "size", "missing");
    }
}
