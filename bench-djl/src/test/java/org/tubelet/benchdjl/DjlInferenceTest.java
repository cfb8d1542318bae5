package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;
import org.tubelet.datasets.synthetic.SyntheticDataset;
import org.tubelet.datasets.video.VideoFormat;

/**
 * The inference workload's DJL side on real videos: six generated H.264 clips and one corrupt file, decoded by
 * Tubelet's loader and classified by the tiny ViViT export of the test resources (3 classes, 4 frames of 32², batch 2)
 * in DJL's PyTorch 2.7. Every readable video is classified once, the corrupt one is skipped and counted, and the pass
 * runs in the faster forward mode.
 */
class DjlInferenceTest {

    @BeforeAll
    static void engine() {
        DjlBench.configureEngine(2);
    }

    @Test
    void classifiesEveryReadableVideoOnceAndCountsTheCorruptOne(@TempDir Path tmp) throws Exception {
        Path model = Path.of(DjlInferenceTest.class.getResource("/tiny-vivit/meta.json").toURI()).getParent();
        SyntheticDataset data = MovingShapes.generate(tmp, new SyntheticConfig(3, 1, 2, 12, 48, 48, 25, 7L,
                VideoFormat.MP4_H264.isWritable() ? VideoFormat.MP4_H264 : VideoFormat.MP4_MPEG4));
        Files.write(tmp.resolve("videos/broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Files.writeString(data.valList(), "videos/broken.mp4 1\n", StandardOpenOption.APPEND);

        ObjectNode r = DjlInference.run(InferenceOptions.parse("--dir", model.toString(), "--list",
                data.valList().toString(), "--short-side", "32", "--warmup", "1", "--steps", "2"));

        assertEquals(6, r.path("videos").asInt(), r.toString());
        assertEquals(1, r.path("unreadable").asInt(), r.toString());
        double top1 = r.path("top1").asDouble();
        assertTrue(top1 >= 0 && top1 <= 1 && Math.abs(top1 * 6 - Math.round(top1 * 6)) < 1e-9, "top1 " + top1);
        assertTrue(r.path("seconds").asDouble() > 0);
        assertEquals(r.path("videos").asInt() / r.path("seconds").asDouble(), r.path("views_per_s").asDouble(),
                0.01 * r.path("views_per_s").asDouble() + 1e-3);
        // the pass ran in the faster mode (the JSON's times are rounded to 0.1 ms, which keeps their order or ties)
        double noGrad = r.path("forward_nograd_ms").asDouble();
        double autograd = r.path("forward_grad_ms").asDouble();
        String mode = r.path("mode").asText();
        assertTrue(mode.equals("no_grad") ? noGrad <= autograd : mode.equals("autograd") && autograd <= noGrad,
                r.toString());
        assertEquals(Math.min(noGrad, autograd), r.path("forward_ms").asDouble(), r.toString());
        assertEquals(2, r.path("batch").asInt());
        assertTrue(r.path("peak_rss_mb").asLong() > 0);
    }

    @Test
    void optionsNameWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InferenceOptions.parse("--dir", "x", "--list", "y", "--stride", "0"));
        assertEquals("--stride must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InferenceOptions.parse("--dir", "x"));
        assertTrue(e.getMessage().startsWith("--list is required"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InferenceOptions.parse("--dir", "x", "--list", "y", "--workers", "two"));
        assertEquals("--workers must be an integer, got 'two'", e.getMessage());
    }

    @Test
    void argmaxIsRelativeToTheRow() {
        float[] probs = {0.1f, 0.7f, 0.2f, 0.5f, 0.2f, 0.3f};
        assertEquals(1, DjlInference.argmax(probs, 0, 3));
        assertEquals(0, DjlInference.argmax(probs, 3, 3));
    }
}
