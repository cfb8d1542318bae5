package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks ({@code notebooks/*.ipynb}) as a reader opens them: executed, with an output under every
 * code cell, no error, and pictures that are real PNGs. {@code make notebooks} executes them (CI does, after
 * {@code make test}); {@code make notebooks-update} commits the outputs this test reads.
 */
class NotebooksTest {
    private static final Path DIR = Path.of("..", "notebooks");
    private static final List<String> NOTEBOOKS = List.of("01_quickstart.ipynb", "02_hf_checkpoint.ipynb",
            "03_finetune_your_videos.ipynb", "04_videomae_masking.ipynb");

    private static List<Path> notebooks() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void theFourWalkThroughsAreThereAndTheReadmeLinksEach() throws Exception {
        assertEquals(NOTEBOOKS, notebooks().stream().map(p -> p.getFileName().toString()).toList());
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String nb : NOTEBOOKS) {
            assertTrue(readme.contains("(notebooks/" + nb + ")"), "README.md links notebooks/" + nb);
        }
    }

    @Test
    void everyCodeCellHasOutputsNoneIsAnErrorAndEachNotebookShowsAPicture() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Path nb : notebooks()) {
            JsonNode root = json.readTree(nb.toFile());
            assertEquals(4, root.path("nbformat").asInt(), nb + ": nbformat");
            assertEquals("tubelet-java", root.path("metadata").path("kernelspec").path("name").asText(),
                    nb + ": runs on the project's kernel (make notebooks-kernel)");
            List<BufferedImage> images = new ArrayList<>();
            int code = 0;
            for (JsonNode cell : root.path("cells")) {
                if (!cell.path("cell_type").asText().equals("code")) {
                    continue;
                }
                code++;
                String where = nb.getFileName() + ", code cell " + code;
                assertFalse(text(cell.path("source")).contains("org.tubelet.cli"),
                        where + ": notebooks call the public API, not the CLI");
                assertTrue(cell.path("execution_count").isInt(), where + ": executed");
                JsonNode outputs = cell.path("outputs");
                assertTrue(outputs.isArray() && outputs.size() > 0, where + ": has no output");
                for (JsonNode out : outputs) {
                    assertFalse(out.path("output_type").asText().equals("error"),
                            where + ": " + out.path("ename").asText() + " " + out.path("evalue").asText());
                    JsonNode png = out.path("data").path("image/png");
                    if (!png.isMissingNode()) {
                        byte[] bytes = Base64.getMimeDecoder().decode(text(png));
                        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                        assertNotNull(img, where + ": image/png that is not a PNG");
                        assertTrue(img.getWidth() > 10 && img.getHeight() > 10, where + ": a " + img.getWidth()
                                + "x" + img.getHeight() + " picture");
                        images.add(img);
                    }
                }
            }
            assertTrue(code > 0, nb + ": no code cell");
            assertFalse(images.isEmpty(), nb + ": no picture");
        }
    }

    /** A notebook string field: one string or a list of lines. */
    private static String text(JsonNode n) {
        if (n.isArray()) {
            StringBuilder b = new StringBuilder();
            n.forEach(line -> b.append(line.asText()));
            return b.toString();
        }
        return n.asText();
    }
}
