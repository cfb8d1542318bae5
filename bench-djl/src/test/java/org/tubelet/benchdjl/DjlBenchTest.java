package org.tubelet.benchdjl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tiny ViViT of bench/torch_vivit.py (hidden 16, 1 layer, 2 heads, MLP 32, 32², 4 frames, tubelet 2×16×16,
 * 3 classes, batch 2), exported by bench/export_torchscript.py with PyTorch 1.13 into the test resources, runs
 * through the whole bench in DJL's PyTorch 2.7: both modules load, the parameters DJL trains are the model's, and the
 * AdamW steps run.
 */
class DjlBenchTest {

    @BeforeAll
    static void engine() {
        DjlBench.configureEngine(2);
    }

    @Test
    void timesTheTinyViVitAndTrainsEveryParameter() throws Exception {
        Path dir = Path.of(DjlBenchTest.class.getResource("/tiny-vivit/meta.json").toURI()).getParent();
        ObjectNode r = DjlBench.run(BenchOptions.parse("--dir", dir.toString(), "--warmup", "1", "--steps", "2"));
        // The ViViT's parameters by definition: tubelet embedding K·D + D (K = 2·16·16·3), CLS D, positions (N + 1)·D
        // with N = 2·2·2 tokens; per layer two norms 4D, qkv 3D² + 3D, output D² + D, MLP 2·D·M + M + D; final norm
        // 2D; head D·C + C.
        int d = 16;
        int m = 32;
        int k = 2 * 16 * 16 * 3;
        int n = 2 * 2 * 2;
        long expected = (long) k * d + d + d + (n + 1) * d + (4 * d + 3 * d * d + 3 * d + d * d + d + 2 * d * m + m + d)
                + 2 * d + d * 3 + 3;
        assertEquals(expected, r.path("params").asLong());
        assertEquals(2, r.path("threads").asInt());
        assertTrue(r.path("forward_ms").asDouble() > 0);
        assertEquals(Math.min(r.path("forward_nograd_ms").asDouble(), r.path("forward_grad_ms").asDouble()),
                r.path("forward_ms").asDouble());
        assertTrue(r.path("train_step_ms").asDouble() > 0);
        // Three classes, tiny initial weights: the first loss is close to ln 3, and it changes as AdamW steps.
        assertEquals(Math.log(3), r.path("first_loss").asDouble(), 0.3);
        assertTrue(r.path("first_loss").asDouble() != r.path("last_loss").asDouble(), "the parameters never changed");
        assertTrue(r.path("peak_rss_mb").asLong() > 0);
    }

}
