package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.testing.Fixtures;

/** The {@code forward} command end to end on the HF fixtures. */
class ForwardCommandTest {

    @Test
    void writesWhatHuggingFaceReturns(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf("vivit_tiny");
        int code = Main.run("forward", "--model", dir.toString(), "--pixel-values",
                dir.resolve("pixel_values.npy").toString(), "--labels", dir.resolve("labels.npy").toString(),
                "--out", tmp.toString());
        assertEquals(0, code);
        for (String out : new String[]{"last_hidden_state", "logits", "loss"}) {
            Fixtures.assertClose(out, Fixtures.npy(dir, out + ".npy"), Fixtures.npy(tmp, out + ".npy"));
        }
        assertFalse(Files.exists(tmp.resolve("pooler_output.npy")), "the classifier has no pooler");
    }

    @Test
    void writesThePoolerOfTheBaseModel(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf("vivit_model_pooler");
        assertEquals(0, Main.run("forward", "--model", dir.toString(), "--pixel-values",
                dir.resolve("pixel_values.npy").toString(), "--out", tmp.toString()));
        Fixtures.assertClose("pooler_output", Fixtures.npy(dir, "pooler_output.npy"),
                Fixtures.npy(tmp, "pooler_output.npy"));
        assertFalse(Files.exists(tmp.resolve("logits.npy")));
    }

    @Test
    void timesformerFolderAndOtherClipLengths(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf("timesformer_divided");
        assertEquals(0, Main.run("forward", "--model", dir.toString(), "--pixel-values",
                dir.resolve("pixel_values.npy").toString(), "--out", tmp.resolve("a").toString()));
        Fixtures.assertClose("logits", Fixtures.npy(dir, "logits.npy"), Fixtures.npy(tmp.resolve("a"), "logits.npy"));
        // 8 frames instead of the config's 4: time embeddings are resized as HF does.
        Path longer = tmp.resolve("eight.npy");
        org.tubelet.io.Npy.write(longer, org.tubelet.io.HostTensor.ofFloats(new long[]{1, 8, 3, 32, 32},
                new float[8 * 3 * 32 * 32]));
        assertEquals(0, Main.run("forward", "--model", Fixtures.hf("timesformer_joint").toString(),
                "--pixel-values", longer.toString(), "--out", tmp.resolve("b").toString()));
        assertEquals(1 + 16 * 8, Fixtures.npy(tmp.resolve("b"), "last_hidden_state.npy").size(1));
    }

    @Test
    void videoMaePretrainingWithAMask(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf("videomae_pretrain_normpix");
        assertEquals(0, Main.run("forward", "--model", dir.toString(), "--pixel-values",
                dir.resolve("pixel_values.npy").toString(), "--bool-masked-pos",
                dir.resolve("bool_masked_pos_uint8.npy").toString(), "--out", tmp.toString()));
        for (String out : new String[]{"last_hidden_state", "logits", "loss"}) {
            Fixtures.assertClose(out, Fixtures.npy(dir, out + ".npy"), Fixtures.npy(tmp, out + ".npy"));
        }
        assertUsage(tmp, "bool_masked_pos", "forward", "--model", dir.toString(), "--pixel-values",
                dir.resolve("pixel_values.npy").toString(), "--out", tmp.toString());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.hf("vivit_tiny");
        assertUsage(tmp, "file not found", "forward", "--model", dir.toString(), "--pixel-values",
                tmp.resolve("nope.npy").toString(), "--out", tmp.toString());
        assertUsage(tmp, "Missing required option", "forward", "--model", dir.toString());
        Path wrong = tmp.resolve("wrong.npy");
        org.tubelet.io.Npy.write(wrong, org.tubelet.io.HostTensor.ofFloats(new long[]{1, 3, 3, 32, 32},
                new float[3 * 3 * 32 * 32]));
        assertUsage(tmp, "pixel_values shape [1, 3, 3, 32, 32]", "forward", "--model", dir.toString(),
                "--pixel-values", wrong.toString(), "--out", tmp.toString());
        assertUsage(tmp, "config.json", "forward", "--model", tmp.toString(), "--pixel-values", wrong.toString(),
                "--out", tmp.toString());
    }

    private static void assertUsage(Path tmp, String expected, String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(err);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
    }
}
