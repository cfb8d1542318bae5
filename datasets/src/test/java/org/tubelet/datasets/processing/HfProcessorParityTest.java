package org.tubelet.datasets.processing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tubelet.datasets.video.VideoClip;

/**
 * Bit-exact parity of {@link HfVideoProcessor} with transformers v4.37.2's VideoMAE/ViViT image processors
 * (Pillow 9.4.0), on the fixtures described in {@code fixtures/processors/PROCESSORS.md}: the uint8 frames after
 * the resize equal {@code resized_uint8.npy} exactly and the float32 output equals {@code pixel_values.npy} bit
 * for bit. No tolerance: every value is the same IEEE float.
 */
class HfProcessorParityTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/processors");

    static Path fixture(String name) {
        Path dir = FIXTURES.resolve(name);
        if (!Files.isDirectory(dir)) {
            fail("fixture folder missing: " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** Reads a (T, H, W, 3) uint8 .npy as a clip. */
    static VideoClip readFrames(Path file) throws IOException {
        NpyFixture t = NpyFixture.read(file);
        long[] s = t.shape();
        assertEquals(NpyFixture.U8, t.descr(), file + " dtype");
        assertTrue(s.length == 4 && s[3] == 3, file + " shape " + Arrays.toString(s));
        return new VideoClip((int) s[0], (int) s[1], (int) s[2], t.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"videomae_default", "videomae_small", "videomae_upscale", "vivit_default", "vivit_small"})
    void resizedFramesAreIdenticalToPillows(String name) throws IOException {
        Path dir = fixture(name);
        HfVideoProcessor processor = new HfVideoProcessor(ProcessorConfig.load(dir.resolve("processor_config.json")));
        VideoClip resized = processor.resize(readFrames(dir.resolve("frames.npy")));
        NpyFixture expected = NpyFixture.read(dir.resolve("resized_uint8.npy"));
        assertArrayEquals(expected.shape(), new long[] {resized.frames(), resized.height(), resized.width(), 3},
                name + ": resized shape");
        byte[] want = expected.data();
        byte[] got = resized.rgb();
        int mismatches = 0;
        int first = -1;
        int maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            int d = Math.abs((want[i] & 0xFF) - (got[i] & 0xFF));
            if (d != 0) {
                mismatches++;
                first = first < 0 ? i : first;
                maxDiff = Math.max(maxDiff, d);
            }
        }
        if (mismatches > 0) {
            fail(name + ": " + mismatches + "/" + want.length + " resized uint8 values differ from Pillow (max |diff| "
                    + maxDiff + ", first at flat index " + first + ": ours " + (got[first] & 0xFF) + " vs Pillow "
                    + (want[first] & 0xFF) + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"videomae_default", "videomae_small", "videomae_upscale", "vivit_default", "vivit_small"})
    void pixelValuesAreBitIdenticalToHuggingFace(String name) throws IOException {
        Path dir = fixture(name);
        HfVideoProcessor processor = new HfVideoProcessor(ProcessorConfig.load(dir.resolve("processor_config.json")));
        VideoClip clip = readFrames(dir.resolve("frames.npy"));
        NpyFixture expected = NpyFixture.read(dir.resolve("pixel_values.npy"));
        assertEquals(NpyFixture.F32, expected.descr());
        assertArrayEquals(expected.shape(), processor.outputShape(clip.frames()), name + ": output shape");

        float[] want = expected.floats();
        float[] got = processor.process(clip);
        assertEquals(want.length, got.length, name + ": element count");
        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }
        if (mismatches > 0) {
            fail(name + ": " + mismatches + "/" + want.length + " pixel values are not bit-identical to HF; first at "
                    + "flat index " + first + ": ours " + got[first] + " vs HF " + want[first]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"videomae_default", "videomae_small", "videomae_upscale", "vivit_default", "vivit_small"})
    void configRoundTripsAndGeometryMatchesMeta(String name) throws IOException {
        Path dir = fixture(name);
        Path configFile = dir.resolve("processor_config.json");
        ProcessorConfig config = ProcessorConfig.load(configFile);
        assertEquals(Files.readString(configFile), config.toJson(), name + ": toJson() == HF's save_pretrained output");

        JsonNode geometry = new ObjectMapper().readTree(dir.resolve("meta.json").toFile()).get("geometry");
        FrameSize input = new FrameSize(geometry.get("input_hw").get(0).asInt(), geometry.get("input_hw").get(1).asInt());
        HfVideoProcessor processor = new HfVideoProcessor(config);
        FrameSize resized = processor.resizedSize(input);
        assertEquals(new FrameSize(geometry.get("resized_hw").get(0).asInt(), geometry.get("resized_hw").get(1).asInt()),
                resized, name + ": resized size");
        CenterCrop.Placement placement = new CenterCrop(config.cropSize()).place(resized);
        assertEquals(geometry.get("crop_top").asInt(), placement.rows().sourceStart(), name + ": crop top");
        assertEquals(geometry.get("crop_left").asInt(), placement.columns().sourceStart(), name + ": crop left");
    }
}
