package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the .npy files numpy 1.24 wrote for the Hugging Face fixtures and checks them against values computed
 * independently: Python's {@code struct} module, and the shapes, dtypes and max |x| recorded in each meta.json.
 */
class NpyFixtureTest {

    static final Path HF = Path.of("src/test/resources/fixtures/hf");
    static final Path TINY = HF.resolve("vivit_tiny");

    @Test
    void pixelValues() throws IOException {
        HostTensor t = Npy.read(TINY.resolve("pixel_values.npy"));
        assertEquals(DType.F32, t.dtype());
        assertArrayEquals(new long[] {2, 4, 3, 32, 32}, t.shape());
        float[] v = t.toFloats();
        assertEquals(24576, v.length);
        assertEquals(-1.0408011674880981f, v[0]);
        assertEquals(0.5476584434509277f, v[v.length - 1]);
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        assertEquals(-0.5848664924924378, sum, 1e-12, "sum from python3 struct.unpack");
    }

    @Test
    void labels() throws IOException {
        HostTensor t = Npy.read(TINY.resolve("labels.npy"));
        assertEquals(DType.I64, t.dtype());
        assertArrayEquals(new long[] {2}, t.shape());
        assertArrayEquals(new long[] {2, 4}, t.toLongs());
    }

    /** Every array listed in the fixtures' meta.json: (fixture dir, file name, its meta.json entry). */
    static Stream<Arguments> recordedArrays() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String fixture : List.of("vivit_tiny", "vivit_model_pooler")) {
            JsonNode meta = new ObjectMapper().readTree(HF.resolve(fixture).resolve("meta.json").toFile());
            for (String section : List.of("inputs", "outputs")) {
                meta.get(section).fields().forEachRemaining(e ->
                        out.add(Arguments.of(HF.resolve(fixture), e.getKey(), e.getValue())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("recordedArrays")
    void matchesShapeDtypeAndMaxAbsRecordedInMetaJson(Path fixture, String name, JsonNode entry)
            throws IOException {
        HostTensor t = Npy.read(fixture.resolve(name));
        long[] shape = new long[entry.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = entry.get("shape").get(i).asLong();
        }
        assertArrayEquals(shape, t.shape());
        assertEquals(Map.of("float32", DType.F32, "int64", DType.I64).get(entry.get("dtype").asText()), t.dtype());
        if (entry.has("max_abs")) {
            double maxAbs = 0;
            for (double x : t.toDoubles()) {
                maxAbs = Math.max(maxAbs, Math.abs(x));
            }
            assertEquals(entry.get("max_abs").asDouble(), maxAbs, 0.0);
        }
    }

    static Stream<Path> allNpyFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String fixture : List.of("vivit_tiny", "vivit_model_pooler")) {
            try (Stream<Path> s = Files.list(HF.resolve(fixture))) {
                s.filter(p -> p.toString().endsWith(".npy")).sorted().forEach(files::add);
            }
        }
        assertEquals(19, files.size(), "15 files in vivit_tiny, 4 in vivit_model_pooler");
        return files.stream();
    }

    /** Our writer produces numpy's exact header, so a re-write is byte-identical. */
    @ParameterizedTest
    @MethodSource("allNpyFiles")
    void rewriteIsByteIdenticalToNumpysFile(Path original, @TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("copy.npy");
        Npy.write(copy, Npy.read(original));
        assertEquals(-1L, Files.mismatch(original, copy));
    }
}
