package org.tubelet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.ListSource;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.checkpoint.CheckpointListener;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.Batch;
import org.tubelet.train.data.EvalData;
import org.tubelet.train.data.SyntheticData;
import org.tubelet.train.data.SyntheticMotion;
import org.tubelet.train.eval.EvalResult;
import org.tubelet.train.eval.Evaluator;
import org.tubelet.train.listeners.EvalListener;
import org.tubelet.train.loop.Objective;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;
import org.tubelet.train.loop.Trainer;

/**
 * The moving average of the weights against its definition ({@code ema ← d·ema + (1 − d)·w} after every k-th
 * step, from the starting weights), across a checkpoint and resume, and in evaluation.
 */
class WeightEmaTest {
    private static final List<Batch> DATA = LayerDecayTest.batches(3, 8);

    /** A run of the tiny ViViT from {@code g}'s weights with AdamW and a constant lr; the session engine. */
    private static Trainer trainer(ModelGraph g, TrainContext ctx, List<Param> params, AdamW opt) {
        return new Trainer(Objective.classification(g, 0), new ListSource(DATA), opt,
                new LrSchedule(3e-2, 0, 0, ctx.totalSteps(), false), params, 0, ctx);
    }

    private static TrainContext context(ModelGraph g, AdamW opt, long steps) {
        return new TrainContext(g, opt, DATA.size(), 1, steps, 0);
    }

    @Test
    void afterNStepsTheAverageIsTheDefinitionAppliedToTheSequenceOfRawWeights() throws Exception {
        ModelGraph g = TinyModels.vivit(3, 2);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.05);
        List<Param> params = Trainer.params(g, List.of("bias", "norm"));
        TrainContext ctx = context(g, opt, 7);
        WeightEma ema = new WeightEma(new WeightEma.Settings(0.7, 2, true), params);
        ctx.keepEma(ema);
        List<Map<String, INDArray>> raw = new ArrayList<>();
        List<Map<String, INDArray>> averages = new ArrayList<>();
        raw.add(LayerDecayTest.snapshot(g));
        trainer(g, ctx, params, opt).listen(new TrainListener() {
            @Override
            public void onStep(TrainContext c, StepResult r) {
                raw.add(LayerDecayTest.snapshot(g));
                Map<String, INDArray> a = new LinkedHashMap<>();
                c.ema().weights().forEach((n, w) -> a.put(n, w.dup()));
                averages.add(a);
            }
        }).run();

        for (String name : raw.get(0).keySet()) {
            double[] expected = raw.get(0).get(name).castTo(DataType.DOUBLE).data().asDouble();   // starts at w0
            for (int step = 1; step <= 7; step++) {
                if (step % 2 == 0) {
                    double[] w = raw.get(step).get(name).castTo(DataType.DOUBLE).data().asDouble();
                    for (int i = 0; i < w.length; i++) {
                        expected[i] = 0.7 * expected[i] + 0.3 * w[i];
                    }
                }
                double[] got = averages.get(step - 1).get(name).castTo(DataType.DOUBLE).data().asDouble();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(expected[i], got[i], 1e-6 + 1e-6 * Math.abs(expected[i]),
                            name + "[" + i + "] after step " + step);
                }
            }
        }
        assertEquals(raw.get(0).get("classifier.weight"), averages.get(0).get("classifier.weight"),
                "every_steps 2: step 1 leaves the average at the starting weights");
        assertTrue(averages.get(6).get("classifier.weight").sub(raw.get(7).get("classifier.weight"))
                .amaxNumber().doubleValue() > 1e-4, "the average lags the raw weights");
        assertEquals(DataType.FLOAT, ema.weights().get("classifier.weight").dataType(), "kept in float32");
    }

    /**
     * Three steps, a checkpoint, a fresh process-like start from it (new graph, optimiser and average, all loaded from
     * the files), three more steps: raw weights and average are bit-identical to six uninterrupted steps.
     */
    @ParameterizedTest(name = "gradient engine: {0}")
    @ValueSource(booleans = {false, true})
    void aResumedRunContinuesTheAverageExactly(boolean gradientEngine, @TempDir Path dir) throws Exception {
        WeightEma.Settings settings = new WeightEma.Settings(0.6, 2, true);
        double clip = gradientEngine ? 1e9 : 0;

        ModelGraph straight = TinyModels.vivit(3, 2);
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.05);
        List<Param> params = ParamGroups.of(straight, List.of("bias", "norm"), 0.8);
        TrainContext ctx = context(straight, opt, 6);
        ctx.keepEma(new WeightEma(settings, params));
        run(straight, ctx, params, opt, clip, null);

        ModelGraph first = TinyModels.vivit(3, 2);
        AdamW opt1 = new AdamW(0.9, 0.999, 1e-8, 0.05);
        List<Param> params1 = ParamGroups.of(first, List.of("bias", "norm"), 0.8);
        TrainContext ctx1 = context(first, opt1, 6);
        ctx1.keepEma(new WeightEma(settings, params1));
        Checkpoints store = new Checkpoints(dir);
        run(first, ctx1, params1, opt1, clip, new CheckpointListener(store, 3, 5, null, true, "adamw", "", Map.of()));
        assertEquals(3, ctx1.step(), "stopped after the checkpoint of step 3");

        Path cp = store.latest().orElseThrow();
        assertTrue(Files.isRegularFile(cp.resolve(Checkpoints.EMA)));
        Checkpoints.Loaded l = Checkpoints.read(cp);
        assertEquals(settings, l.state().ema());
        ModelGraph resumed = TinyModels.vivit(3, 77);                                  // other weights until loaded
        HfCheckpoint.loadWeights(resumed, Safetensors.read(cp.resolve(HfCheckpoint.WEIGHTS)).tensors(), "test");
        AdamW opt2 = new AdamW(0.9, 0.999, 1e-8, 0.05);
        opt2.loadState(l.optimizerState());
        List<Param> params2 = ParamGroups.of(resumed, List.of("bias", "norm"), 0.8);
        TrainContext ctx2 = context(resumed, opt2, 6);
        WeightEma ema2 = new WeightEma(settings, params2);                             // starts at the raw weights
        ema2.load(l.emaWeights(), resumed, "test");
        ctx2.keepEma(ema2);
        ctx2.resumeAt(l.state().step(), l.metrics());
        run(resumed, ctx2, params2, opt2, clip, null);

        assertEquals(6, ctx2.step());
        for (String name : straight.params().keySet()) {
            assertEquals(straight.paramValue(name), resumed.paramValue(name), "raw " + name);
            assertEquals(ctx.ema().weights().get(name), ema2.weights().get(name), "EMA " + name);
        }
        assertNotEquals(straight.paramValue("classifier.weight"), ctx.ema().weights().get("classifier.weight"));
    }

    private static void run(ModelGraph g, TrainContext ctx, List<Param> params, AdamW opt, double clip,
                            CheckpointListener checkpoints) throws Exception {
        Trainer t = new Trainer(Objective.classification(g, 0), new ListSource(DATA), opt,
                new LrSchedule(3e-2, 0, 0, 6, false), params, clip, ctx);
        if (checkpoints != null) {
            t.listen(checkpoints).listen(new TrainListener() {
                @Override
                public void onStep(TrainContext c, StepResult r) {
                    if (r.step() == 3) {
                        c.requestStop("simulated kill after the checkpoint");
                    }
                }
            });
        }
        t.run();
    }

    /**
     * With {@code eval: true} the evaluation during training scores the average: the published numbers are those of
     * a separate model holding the average, not those of the raw weights, which are back in place bit for bit.
     */
    @Test
    void evaluationDuringTrainingScoresTheAverageAndPutsTheRawWeightsBack() throws Exception {
        SyntheticData synthetic = new SyntheticData(new SyntheticMotion(4, 12, 24, 1), 16, 8, 4, 2, 16,
                List.of(.5, .5, .5), List.of(.5, .5, .5));
        EvalData val = synthetic.val(4, 1, 1);
        for (boolean evaluateAverage : new boolean[]{true, false}) {
            ModelGraph g = TinyModels.vivitSized(4, 16, 4);
            AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.05);
            List<Param> params = Trainer.params(g, List.of("bias", "norm"));
            TrainContext ctx = new TrainContext(g, opt, 4, 1, 4, 0);
            WeightEma ema = new WeightEma(new WeightEma.Settings(0.5, 1, evaluateAverage), params);
            ctx.keepEma(ema);
            Map<String, INDArray> rawAtEval = new LinkedHashMap<>();
            new Trainer(Objective.classification(g, 0), synthetic.train(4, 3), opt,
                    new LrSchedule(5e-2, 0, 0, 4, false), params, 0, ctx)
                    .listen(new TrainListener() {
                        @Override
                        public void onStep(TrainContext c, StepResult r) {
                            rawAtEval.putAll(LayerDecayTest.snapshot(g));       // just before the evaluation
                        }
                    })
                    .listen(new EvalListener(val, 4, true, null)).run();
            EvalResult published = ctx.lastEval();

            ModelGraph average = TinyModels.vivitSized(4, 16, 4);
            ema.weights().forEach((n, w) -> average.paramValue(n).assign(w));
            ModelGraph raw = TinyModels.vivitSized(4, 16, 4);
            rawAtEval.forEach((n, w) -> raw.paramValue(n).assign(w));
            EvalResult ofAverage = Evaluator.evaluate(average, val);
            EvalResult ofRaw = Evaluator.evaluate(raw, val);
            assertNotEquals(ofAverage.loss(), ofRaw.loss(), 1e-4, "the average is not the raw model");
            EvalResult expected = evaluateAverage ? ofAverage : ofRaw;
            assertEquals(expected.loss(), published.loss(), 1e-6, "eval: " + evaluateAverage);
            assertEquals(expected.top1(), published.top1());
            for (String n : rawAtEval.keySet()) {
                assertEquals(rawAtEval.get(n), g.paramValue(n), "raw weights after the evaluation: " + n);
            }
        }
    }

    @Test
    void savedAveragesMustMatchTheModel() {
        ModelGraph g = TinyModels.vivit(3, 1);
        WeightEma ema = new WeightEma(new WeightEma.Settings(0.9, 1, true), Trainer.params(g, List.of()));
        var saved = new LinkedHashMap<>(ema.stateDict(g));
        saved.remove("classifier.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ema.load(saved, g, "x.st"));
        assertTrue(e.getMessage().contains("x.st") && e.getMessage().contains("classifier.bias"), e.getMessage());
        assertThrows(org.tubelet.models.ConfigException.class, () -> new WeightEma.Settings(1.0, 1, true));
        assertThrows(org.tubelet.models.ConfigException.class, () -> new WeightEma.Settings(0.9, 0, true));
        WeightEma everyOther = new WeightEma(new WeightEma.Settings(0.9, 2, true), Trainer.params(g, List.of()));
        assertFalse(everyOther.afterStep(3), "every_steps 2: not after step 3");
        assertTrue(everyOther.afterStep(4), "but after step 4");
    }
}
