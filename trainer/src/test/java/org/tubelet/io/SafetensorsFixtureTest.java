package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the real Hugging Face checkpoints in {@code src/test/resources/fixtures/hf} (written by transformers 4.37.2).
 * Expected values were computed independently with Python's {@code struct} module from the same bytes.
 */
class SafetensorsFixtureTest {

    static final Path HF = Path.of("src/test/resources/fixtures/hf");
    static final Path TINY = HF.resolve("vivit_tiny");

    @Test
    void readsVivitTinyCheckpoint() throws IOException {
        SafetensorsFile file = Safetensors.read(TINY.resolve("model.safetensors"));

        assertEquals(40, file.tensors().size());
        assertEquals(Map.of("format", "pt"), file.metadata());
        HostTensor w = file.tensor("classifier.weight");
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(new long[] {5, 32}, w.shape());
        assertArrayEquals(new long[] {32, 3, 2, 8, 8},
                file.tensor("vivit.embeddings.patch_embeddings.projection.weight").shape());
        assertArrayEquals(new long[] {1, 33, 32}, file.tensor("vivit.embeddings.position_embeddings").shape());
        assertTrue(file.tensors().values().stream().allMatch(t -> t.dtype() == DType.F32));

        float[] v = w.toFloats();
        assertEquals(-0.043141789734363556f, v[0]);
        assertEquals(-0.09250681102275848f, v[159]);
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        assertEquals(-0.06156733201351017, sum, 1e-12, "sum from python3 struct.unpack");
    }

    @Test
    void headerOrderIsKeptAndIsSortedByName() throws IOException {
        SafetensorsFile file = Safetensors.read(TINY.resolve("model.safetensors"));
        List<String> names = new ArrayList<>(file.tensors().keySet());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
        assertEquals("classifier.bias", names.get(0));
    }

    @Test
    void readHeaderAgreesWithFullRead() throws IOException {
        Path path = TINY.resolve("model.safetensors");
        Map<String, TensorInfo> header = Safetensors.readHeader(path);
        SafetensorsFile file = Safetensors.read(path);
        assertEquals(new ArrayList<>(file.tensors().keySet()), new ArrayList<>(header.keySet()));
        assertEquals(new TensorInfo("classifier.weight", DType.F32, new long[] {5, 32}, 20, 660),
                header.get("classifier.weight"));
        long expectedBegin = 0;
        for (TensorInfo info : header.values()) {
            HostTensor t = file.tensor(info.name());
            assertEquals(t.dtype(), info.dtype());
            assertArrayEquals(t.shape(), info.shape());
            assertEquals(expectedBegin, info.begin(), "Hugging Face files are contiguous: " + info);
            assertEquals(t.sizeInBytes(), info.byteLength());
            expectedBegin = info.end();
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(path), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(4304, headerLength);
        assertEquals(Files.size(path) - 8 - headerLength, expectedBegin, "data area ends at the end of the file");
        assertEquals(file.tensor("classifier.bias"), Safetensors.readTensor(path, "classifier.bias"));
    }

    @Test
    void readsVivitModelPoolerCheckpoint() throws IOException {
        SafetensorsFile file = Safetensors.read(HF.resolve("vivit_model_pooler/model.safetensors"));
        assertEquals(40, file.tensors().size());
        assertEquals(Map.of("format", "pt"), file.metadata());
        assertArrayEquals(new long[] {32, 32}, file.tensor("pooler.dense.weight").shape());
        assertEquals("embeddings.cls_token", file.tensors().keySet().iterator().next());
    }

    /** Our writer lays files out exactly like the safetensors library, so a re-write is byte-identical. */
    @ParameterizedTest
    @ValueSource(strings = {"vivit_tiny", "vivit_model_pooler"})
    void rewriteIsByteIdenticalToTheHuggingFaceFile(String fixture, @TempDir Path tmp) throws IOException {
        Path original = HF.resolve(fixture).resolve("model.safetensors");
        SafetensorsFile file = Safetensors.read(original);
        Path copy = tmp.resolve("model.safetensors");
        Safetensors.write(copy, file.tensors(), file.metadata());
        assertEquals(-1L, Files.mismatch(original, copy));
    }

    /** The copied fixtures are intact: every file matches the SHA-256 recorded in its meta.json. */
    @ParameterizedTest
    @ValueSource(strings = {"vivit_tiny", "vivit_model_pooler"})
    void fixtureFilesMatchTheirRecordedChecksums(String fixture) throws IOException, NoSuchAlgorithmException {
        Path dir = HF.resolve(fixture);
        JsonNode files = new ObjectMapper().readTree(dir.resolve("meta.json").toFile()).get("files");
        assertTrue(files.size() >= 5, "meta.json lists the fixture files");
        var names = files.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(name)));
            assertEquals(files.get(name).asText(), HexFormat.of().formatHex(digest), name);
        }
    }
}
