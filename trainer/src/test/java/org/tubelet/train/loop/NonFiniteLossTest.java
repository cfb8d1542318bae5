package org.tubelet.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.ListSource;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.checkpoint.CheckpointListener;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.Batch;
import org.tubelet.train.optim.AdamW;
import org.tubelet.train.optim.LrSchedule;

/**
 * A NaN loss stops training, names the step and the batch, and keeps the last good checkpoint. When the gradients are
 * summed first (clipping or accumulation) no update is applied; without clipping the session updates during the
 * backward pass, so there only the checkpoint is guaranteed.
 */
class NonFiniteLossTest {

    @Test
    void summedGradientsStopBeforeAnyUpdate(@TempDir Path dir) throws Exception {
        stopsAtTheBadBatchAndKeepsTheLastGoodCheckpoint(dir, 1.0);
    }

    @Test
    void sessionEngineStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        stopsAtTheBadBatchAndKeepsTheLastGoodCheckpoint(dir, 0.0);
    }

    private static void stopsAtTheBadBatchAndKeepsTheLastGoodCheckpoint(Path dir, double clip) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Nd4j.getRandom().setSeed(i);
            INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
            if (i == 3) {
                x.putScalar(0, Double.NaN);                                   // a corrupt clip in batch 3
            }
            batches.add(new Batch(x, Nd4j.createFromArray(0L, 1L), new long[]{10L * i, 10L * i + 1}, 0, i));
        }
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        TrainContext ctx = new TrainContext(g, opt, batches.size(), 1, 10, 0);
        Checkpoints store = new Checkpoints(dir);
        CheckpointListener ckpt = new CheckpointListener(store, 1, 10, null, true, "adamw", "", Map.of());
        Trainer t = new Trainer(Objective.classification(g, 0.0), new ListSource(batches), opt,
                new LrSchedule(1e-3, 0, 0, 10, false), Trainer.params(g, List.of()), clip, ctx).listen(ckpt);
        Map<String, INDArray> before = new java.util.HashMap<>();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> {
            t.listen(new TrainListener() {
                @Override
                public void onStep(TrainContext c, StepResult r) {
                    g.params().forEach((k, v) -> before.put(k, v.getArr().dup()));
                }
            });
            t.run();
        });
        assertEquals(4, e.step(), "the fourth step read batch 3");
        assertEquals(3, e.batchIndex());
        assertTrue(e.getMessage().contains("loss is NaN at step 4 (epoch 0, batch 3 of the epoch, videos [30, 31])"),
                e.getMessage());
        assertEquals(3, ctx.step(), "three good steps");
        if (clip > 0) {
            before.forEach((k, v) -> assertEquals(v, g.paramValue(k), k + " was not updated by the bad batch"));
        }
        assertEquals(store.dir().resolve(Checkpoints.folderName(3)), ckpt.lastWritten());
        assertEquals(3, Checkpoints.stepOf(store.latest().orElseThrow()), "no checkpoint of the failed step");
    }
}
