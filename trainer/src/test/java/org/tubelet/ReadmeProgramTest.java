package org.tubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.video.EncodeSettings;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoWriter;
import org.tubelet.testing.Fixtures;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * The Java program in README.md ("Tubelet as a library"), taken from the README's text, compiled against the test class
 * path and run: it classifies a generated mp4 with the tiny HF ViViT fixture and fine-tunes it for a few steps on
 * generated class folders. If the public API changes, the README's program stops compiling here.
 */
@Tag("slow")
class ReadmeProgramTest {
    static final String MARKER = "<!-- README-program: TubeletTour -->";

    @Test
    void theReadmesJavaProgramCompilesAndRuns(@TempDir Path dir) throws Exception {
        String source = program(Files.readString(Path.of("..", "README.md")));
        Path src = dir.resolve("src/TubeletTour.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int code = javac.run(null, diagnostics, diagnostics, "-proc:none", "--release", "17", "-cp", classPath, "-d",
                classes.toString(), src.toString());
        assertEquals(0, code, "the README's program compiles:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        // an mp4 to classify and two class folders to fine-tune on (16 frames: the fixture's 4 frames every 4th)
        SyntheticConfig c = new SyntheticConfig(2, 1, 0, 16, 32, 32, 25, 7, VideoFormat.MP4_H264);
        SplittableRandom rng = new SplittableRandom(7);
        Path video = dir.resolve("clip.mp4");
        write(MovingShapes.render(0, c, rng), video);
        Path videos = dir.resolve("videos");
        List<String> names = List.of("right", "up");
        for (int label = 0; label < 2; label++) {
            for (int i = 0; i < 4; i++) {
                write(MovingShapes.render(label, c, rng),
                        videos.resolve("train/" + names.get(label) + "/" + i + ".mp4"));
            }
            write(MovingShapes.render(label, c, rng), videos.resolve("val/" + names.get(label) + "/0.mp4"));
        }
        Path run = dir.resolve("run");

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("TubeletTour").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[]{Fixtures.hf("vivit_tiny").toString(), video.toString(),
                videos.toString(), run.toString()});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*clip\\.mp4: LABEL_[0-4] \\(\\d+\\.\\d%\\).*"), printed);
        assertTrue(printed.contains("fine-tuned for 3 steps: " + run.resolve("checkpoints")), printed);
        assertTrue(Files.isRegularFile(run.resolve("metrics.csv")), "the fine-tuning run's folder");
        String config = Files.readString(Checkpoints.modelFolder(run).resolve("config.json"));
        assertTrue(config.contains("\"right\"") && config.contains("\"up\""), "the new classes: " + config);
    }

    /** The first fenced Java block after {@link #MARKER}. */
    static String program(String readme) {
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README.md has the marker " + MARKER);
        int start = readme.indexOf("```java\n", at);
        int end = readme.indexOf("\n```", start + 8);
        assertTrue(start > at && end > start, "a ```java block follows the marker");
        return readme.substring(start + 8, end + 1);
    }

    private static void write(org.tubelet.datasets.video.VideoClip clip, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        VideoWriter.write(clip, file, VideoFormat.MP4_H264, new EncodeSettings(25, 8, 0.5, 0));
    }
}
