package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code export --format hf} writes a README.md model card in Hugging Face's format for the checkpoint it exports. */
@Tag("slow")
class ModelCardTest {

    @Test
    @SuppressWarnings("unchecked")
    void theCardsFrontMatterIsYamlWithTheRunsResultsAndTheBodyHasRecipeDataProtocolAndUsage(@TempDir Path dir)
            throws Exception {
        Path run = dir.resolve("run");
        CliRun train = CliRun.of(TrainCliTest.recipe(run, "train.max_steps=3", "train.eval_every=3",
                "schedule.warmup_steps=1", "data.synthetic.train_videos=16", "data.synthetic.val_videos=8",
                "data.batch_size=8", "data.eval_views.clips=2", "data.eval_views.crops=3",
                "log.tensorboard=false", "log.plots=false"));
        assertEquals(0, train.code(), train.err());
        Path out = dir.resolve("hf");
        CliRun export = CliRun.of("export", "--checkpoint", run.toString(), "--format", "hf", "--out", out.toString());
        assertEquals(0, export.code(), export.err());

        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.startsWith("---\n"), card);
        int end = card.indexOf("\n---\n", 4);
        assertTrue(end > 0, "front matter closed");
        Map<String, Object> meta = new Yaml().load(card.substring(4, end));
        assertEquals("transformers", meta.get("library_name"));
        assertEquals("video-classification", meta.get("pipeline_tag"));
        assertTrue(((List<String>) meta.get("tags")).containsAll(List.of("video-classification", "vivit")), card);
        assertEquals(List.of("tubelet-synthetic-moving-shapes"), meta.get("datasets"));
        assertEquals(List.of("accuracy"), meta.get("metrics"));

        CSVRecord lastEval = null;                              // the checkpoint's last evaluation, from its CSV
        try (Reader r = Files.newBufferedReader(run.resolve("metrics.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                if (!row.get("val_top1").isEmpty()) {
                    lastEval = row;
                }
            }
        }
        assertEquals("3", lastEval.get("step"));
        Map<String, Object> model = ((List<Map<String, Object>>) meta.get("model-index")).get(0);
        assertEquals("quickstart", model.get("name"));
        Map<String, Object> result = ((List<Map<String, Object>>) model.get("results")).get(0);
        assertEquals("video-classification", ((Map<String, Object>) result.get("task")).get("type"));
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) result.get("metrics");
        Map<String, String> columns = Map.of("accuracy", "val_top1", "top_5_accuracy", "val_top5",
                "mean_class_accuracy", "val_mean_class_acc");
        assertEquals(3, metrics.size());
        for (Map<String, Object> m : metrics) {
            double expected = Double.parseDouble(lastEval.get(columns.get((String) m.get("type"))));
            assertEquals(expected, ((Number) m.get("value")).doubleValue(), 1e-6, m.toString());
            assertTrue(((String) m.get("name")).endsWith("(2 clips x 3 crops)"), m.toString());
        }

        String body = card.substring(end + 5);
        assertTrue(body.contains("2 temporal clips × 3 spatial crops per video"), body);
        assertTrue(body.contains("4 classes: right, up, left, down"), body);
        assertTrue(body.contains("```yaml\n" + Files.readString(run.resolve("recipe.yaml")).strip() + "\n```"),
                "the resolved recipe");
        assertTrue(body.contains("VivitForVideoClassification.from_pretrained(\"path/to/this/folder\")"), body);
        assertTrue(body.contains("java -jar trainer.jar predict --model path/to/this/folder"), body);
    }
}
