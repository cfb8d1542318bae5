package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.testing.TfEventReader;
import org.tubelet.testing.TfEventReader.Event;
import org.tubelet.testing.TfEventReader.Value;

/**
 * Two short training runs of the command line, each in a fresh JVM (DL4J warns once per process, as its classes load):
 * the default one prints Tubelet's lines only and writes TensorBoard files that hold exactly what metrics.csv holds;
 * the {@code --verbose} one shows DL4J's own lines, and with {@code log.tensorboard=false} writes no event file.
 */
@Tag("slow")
class ConsoleAndTensorBoardTest {
    /** What DL4J 1.0.0-M2.1 prints at every training start: two logger warnings and SameDiff's own stdout lines. */
    private static final List<String> DL4J_LINES = List.of("Duplicate TF op mapping found for op",
            "No fields found for property name labelsSmoothing", "Added differentiated op");
    private static final int STEPS = 4;

    @TempDir
    static Path dir;
    static Output quiet;
    static Output verbose;

    record Output(String out, String err) {
    }

    @BeforeAll
    static void train() throws Exception {
        quiet = run(dir.resolve("quiet"));
        verbose = run(dir.resolve("verbose"), "--verbose", "--set", "log.tensorboard=false");
    }

    @Test
    void aRunPrintsNoDl4jLineUnlessVerbose() {
        for (String line : (quiet.out() + quiet.err()).lines().toList()) {
            assertTrue(DL4J_LINES.stream().noneMatch(line::contains), "a DL4J line: " + line);
            assertFalse(line.matches(".*\\b(ImportClassMapping|DifferentialFunction|SameDiff)\\b.*"), line);
        }
        assertTrue(quiet.out().contains("final validation: top-1"), quiet.out());
        assertTrue(quiet.err().isBlank(), "nothing on standard error: " + quiet.err());
        for (String l : DL4J_LINES) {
            assertTrue((verbose.out() + verbose.err()).contains(l), "--verbose shows DL4J's '" + l + "'");
        }
        assertTrue(verbose.out().contains("Added differentiated op"), "SameDiff prints to standard output");
    }

    @Test
    void withTensorBoardOffNoEventFileIsWritten() {
        assertFalse(Files.exists(dir.resolve("verbose").resolve("tb")));
        assertTrue(Files.isRegularFile(dir.resolve("verbose").resolve("metrics.csv")));
    }

    /** Every value of metrics.csv is a scalar at its step, and only those; images at evaluations; the recipe as text. */
    @Test
    void eventFilesHoldTheMetricsTheConfusionMatricesAndTheRecipe() throws Exception {
        Path run = dir.resolve("quiet");
        List<Path> files;
        try (Stream<Path> s = Files.list(run.resolve("tb"))) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."));
        List<Event> events = TfEventReader.read(files.get(0));       // checks every record's CRCs
        assertEquals("brain.Event:2", events.get(0).fileVersion());

        Map<String, Float> scalars = new HashMap<>();                 // "tag@step" -> value
        Map<Long, BufferedImage> images = new HashMap<>();
        String recipe = null;
        for (Event e : events.subList(1, events.size())) {
            assertEquals(1, e.values().size());
            Value v = e.values().get(0);
            if (v.simpleValue() != null) {
                assertEquals(null, scalars.put(v.tag() + "@" + e.step(), v.simpleValue()), "one value per tag and step");
            } else if (v.image() != null) {
                assertEquals("val/confusion_matrix", v.tag());
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(v.image().encoded()));
                assertEquals(v.image().width(), img.getWidth());
                assertEquals(v.image().height(), img.getHeight());
                images.put(e.step(), img);
            } else {
                assertEquals("recipe", v.tag());
                assertEquals("text", v.plugin());
                recipe = v.strings().get(0);
            }
        }
        assertEquals(Files.readString(run.resolve("recipe.yaml")).strip(),
                recipe.lines().map(l -> l.replaceFirst("^    ", "")).reduce((a, b) -> a + "\n" + b).orElseThrow()
                        .strip(), "the recipe, as a Markdown code block");

        Map<String, Float> expected = new HashMap<>();
        Map<String, Double> tolerance = new HashMap<>();
        TreeSet<Long> evalSteps = new TreeSet<>();
        try (Reader r = Files.newBufferedReader(run.resolve("metrics.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                long step = Long.parseLong(row.get("step"));
                for (Map.Entry<String, String> cell : row.toMap().entrySet()) {
                    String col = cell.getKey();
                    String text = cell.getValue();
                    if (col.equals("step") || text.isEmpty()) {
                        continue;
                    }
                    String tag = col.startsWith("val_") ? "val/" + col.substring(4) : "train/" + col;
                    int decimals = text.contains(".") && !text.contains("E") ? text.length() - text.indexOf('.') - 1
                            : 0;
                    expected.put(tag + "@" + step, Float.parseFloat(text));
                    // the CSV rounds timings and accuracies: half its last digit, plus float32's precision
                    tolerance.put(tag + "@" + step, 0.5 * Math.pow(10, -decimals) + 1e-6 * Math.abs(
                            Double.parseDouble(text)));
                    if (col.equals("val_top1")) {
                        evalSteps.add(step);
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(scalars.keySet()));
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), scalars.get(k), tolerance.get(k), k);
        }
        assertTrue(expected.containsKey("train/loss@" + STEPS) && expected.containsKey("val/top1@" + STEPS));
        assertEquals(evalSteps, new TreeSet<>(images.keySet()), "a confusion matrix per evaluation");
    }

    static Output run(Path runDir, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train"));
        cmd.addAll(List.of(TrainCliTest.recipe(runDir, "train.max_steps=" + STEPS, "train.eval_every=2",
                "schedule.warmup_steps=1", "data.synthetic.train_videos=32", "data.synthetic.val_videos=8",
                "data.batch_size=8")));
        cmd.addAll(List.of(more));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TUBELET_NATIVE_ENV", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished in time");
        Output o = new Output(Files.readString(out), Files.readString(err));
        assertEquals(0, p.exitValue(), o.toString());
        return o;
    }
}
