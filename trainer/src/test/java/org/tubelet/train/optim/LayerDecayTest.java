package org.tubelet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.GraphRuns;
import org.tubelet.testing.ListSource;
import org.tubelet.train.data.Batch;
import org.tubelet.train.loop.Objective;
import org.tubelet.train.loop.StepResult;
import org.tubelet.train.loop.TrainContext;
import org.tubelet.train.loop.TrainListener;
import org.tubelet.train.loop.Trainer;

/**
 * Layer-wise lr decay against its definition, observed through real updates: with SGD without momentum or weight
 * decay a parameter moves by exactly its learning rate times its gradient, so the rate each tensor trained at in step
 * N can be read off the weights, and must be {@code lr_schedule(N) · decay^(L + 1 − id)}.
 */
class LayerDecayTest {
    private static final double DECAY = 0.5;
    /** The tiny 2-layer ViViT classifier's layer id per name prefix (embeddings 0, layers 1-2, norm and head 3). */
    private static final Map<String, Integer> IDS = Map.of("vivit.embeddings.", 0, "vivit.encoder.layer.0.", 1,
            "vivit.encoder.layer.1.", 2, "vivit.layernorm.", 3, "classifier.", 3);

    static ModelGraph vivit(long seed) {
        VivitConfig c = new VivitConfig(16, 4, List.of(2, 8, 8), 3, new EncoderFields(16, 2, 2, 32,
                Activation.GELU_FAST, 0.0, 0.0, 0.02, 1e-6, true), HfMeta.defaults(List.of(
                "VivitForVideoClassification")).withLabels(HfMeta.defaultLabels(3)));
        return Models.create(c, Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION, seed);
    }

    static List<Batch> batches(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Batch(Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16), Nd4j.createFromArray((long) i % 3,
                    (long) (i + 1) % 3), new long[]{2L * i, 2L * i + 1}, 0, i));
        }
        return out;
    }

    private static int id(String name) {
        return IDS.entrySet().stream().filter(e -> name.startsWith(e.getKey())).mapToInt(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no layer for " + name));
    }

    /** Warmup over 2 steps, then cosine from 2.0 to 0.2 at step 5: the definition, written out. */
    private static double scheduled(long step) {
        double peak = 2.0;
        double min = 0.2;
        if (step < 2) {
            return peak * (step + 1) / 2;
        }
        return min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * (step - 2) / 3.0));
    }

    /**
     * Both engines: the session engine (no clipping) and the gradient engine (a clipping threshold no gradient
     * reaches).
     */
    @ParameterizedTest(name = "gradient engine: {0}")
    @ValueSource(booleans = {false, true})
    void everyTensorTrainsAtTheScheduledRateTimesDecayToTheDistanceFromTheHead(boolean gradientEngine)
            throws Exception {
        ModelGraph g = vivit(3);
        List<Batch> data = batches(4, 5);
        List<Param> params = ParamGroups.of(g, List.of("bias", "norm"), DECAY);
        Sgd sgd = new Sgd(0, false, 0);
        LrSchedule schedule = new LrSchedule(2.0, 0.2, 2, 5, true);
        TrainContext ctx = new TrainContext(g, sgd, data.size(), 1, 4, 0);
        List<Map<String, INDArray>> weights = new ArrayList<>();
        weights.add(snapshot(g));
        new Trainer(Objective.classification(g, 0), new ListSource(data), sgd, schedule, params,
                gradientEngine ? 1e9 : 0, ctx).listen(new TrainListener() {
                    @Override
                    public void onStep(TrainContext c, StepResult r) {
                        assertEquals(scheduled(r.step() - 1), r.lr(), 1e-12, "the schedule's rate");
                        weights.add(snapshot(g));
                    }
                }).run();

        Set<Integer> idsSeen = new HashSet<>();
        for (int step : new int[]{0, 3}) {                       // in the warmup, and on the cosine
            ModelGraph ref = vivit(99);
            weights.get(step).forEach((n, w) -> ref.paramValue(n).assign(w));
            Batch b = data.get(step);
            Objective o = Objective.classification(ref, 0);
            Map<String, INDArray> grads = GraphRuns.gradients(ref, o.feeds().of(b, step, 0));
            for (String name : weights.get(0).keySet()) {
                double[] before = weights.get(step).get(name).castTo(DataType.DOUBLE).data().asDouble();
                double[] after = weights.get(step + 1).get(name).castTo(DataType.DOUBLE).data().asDouble();
                double[] grad = grads.get(name).castTo(DataType.DOUBLE).dup('c').data().asDouble();
                double rate = scheduled(step) * Math.pow(DECAY, 2 + 1 - id(name));
                double dot = 0;
                double gg = 0;
                double worst = 0;
                double scale = 0;
                for (int i = 0; i < grad.length; i++) {
                    double moved = before[i] - after[i];
                    dot += moved * grad[i];
                    gg += grad[i] * grad[i];
                    worst = Math.max(worst, Math.abs(moved - rate * grad[i]));
                    scale = Math.max(scale, Math.abs(rate * grad[i]));
                }
                assertTrue(gg > 0, name + " has a gradient");
                assertEquals(rate, dot / gg, 2e-3 * rate, "step " + step + ": lr applied to " + name);
                assertTrue(worst <= 2e-3 * scale + 1e-7, "step " + step + " " + name + ": |Δ − lr·g| = " + worst
                        + " for max |lr·g| = " + scale);
                idsSeen.add(id(name));
            }
        }
        assertEquals(Set.of(0, 1, 2, 3), idsSeen, "every layer id was checked");
    }

    /** AdamW's decoupled decay uses each tensor's own rate, and the exempt tensors still get none. */
    @Test
    void decoupledWeightDecayShrinksAtTheTensorsOwnRateAndSkipsTheExemptions() {
        ModelGraph g = vivit(4);
        List<Param> params = ParamGroups.of(g, List.of("bias", "norm", "cls_token", "position_embeddings"), DECAY);
        Map<String, INDArray> before = snapshot(g);
        Map<String, INDArray> zero = new HashMap<>();
        params.forEach(p -> zero.put(p.name(), p.value().ulike().assign(0)));
        double lr = 0.1;
        double wd = 0.3;
        new AdamW(0.9, 0.999, 1e-8, wd).step(params, zero, lr, 1);      // no gradient: only the decay moves p
        int decayed = 0;
        for (Param p : params) {
            boolean exempt = p.name().contains("bias") || p.name().contains("norm") || p.name().contains("cls_token")
                    || p.name().contains("position_embeddings") || p.value().rank() <= 1;
            double factor = exempt ? 1 : 1 - lr * Math.pow(DECAY, 3 - id(p.name())) * wd;
            assertTrue(before.get(p.name()).mul(factor).equalsWithEps(p.value(), 1e-7), p.name() + " × " + factor);
            decayed += exempt ? 0 : 1;
        }
        assertTrue(decayed >= 10, "most weight matrices decay: " + decayed);
    }

    /** {@code param_groups.json}: BEiT's groups, each with its scale and rates, every parameter in exactly one. */
    @Test
    void theGroupsFileListsEveryParameterOnceWithItsRates() throws Exception {
        ModelGraph g = vivit(1);
        List<Param> params = ParamGroups.of(g, List.of("bias", "norm"), DECAY);
        JsonNode root = new ObjectMapper().readTree(ParamGroups.json(params, LayerIds.of(g), DECAY, 1e-3, 1e-5,
                0.05));
        assertEquals(2, root.get("num_layers").asInt());
        JsonNode embed = root.get("groups").get("layer_0_decay");
        assertEquals(0.125, embed.get("lr_scale").asDouble(), 1e-15);
        assertEquals(1.25e-4, embed.get("peak_lr").asDouble(), 1e-15);
        assertEquals(1.25e-6, embed.get("min_lr").asDouble(), 1e-15);
        assertEquals(0.05, embed.get("weight_decay").asDouble());
        assertEquals("vivit.embeddings.patch_embeddings.projection.weight", embed.get("params").get(0).asText());
        assertEquals(0.0, root.get("groups").get("layer_3_no_decay").get("weight_decay").asDouble());
        assertEquals(1.0, root.get("groups").get("layer_3_no_decay").get("lr_scale").asDouble());
        List<String> listed = new ArrayList<>();
        root.get("groups").forEach(grp -> grp.get("params").forEach(n -> listed.add(n.asText())));
        assertEquals(g.layout().size(), listed.size());
        assertEquals(new HashSet<>(g.params().keySet()), new HashSet<>(listed));
    }

    static Map<String, INDArray> snapshot(ModelGraph g) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        g.layout().tensors().forEach(t -> out.put(t.name(), g.paramValue(t.name()).dup()));
        return out;
    }
}
