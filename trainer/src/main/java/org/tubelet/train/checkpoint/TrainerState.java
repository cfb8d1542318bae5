package org.tubelet.train.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.tubelet.datasets.Seeds;
import org.tubelet.train.optim.WeightEma;

/**
 * {@code trainer_state.json} of a checkpoint: where the run stands. Random streams are derived from {@code seed} and
 * the position (see {@link Seeds}), so seed + step is the complete RNG state.
 *
 * @param step optimiser steps done
 * @param epoch epoch of the next batch
 * @param indexInEpoch position of the next batch inside its epoch
 * @param batchesPerEpoch batches per epoch when written (a resume with another value would not be exact)
 * @param accumulate micro-batches per step
 * @param seed the run's seed
 * @param optimizer optimiser name ({@code adamw}, {@code sgd})
 * @param bestMetric metric tracked for the best checkpoint, or null
 * @param bestValue its best value so far (NaN if none)
 * @param bestStep step of the best value (-1 if none)
 * @param ema how the run keeps its moving average of the weights ({@link Checkpoints#EMA}), or null when it keeps
 *     none
 */
public record TrainerState(long step, long epoch, int indexInEpoch, int batchesPerEpoch, int accumulate, long seed,
                           String optimizer, String bestMetric, double bestValue, long bestStep,
                           WeightEma.Settings ema) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The state of a run without a moving average of the weights. */
    public TrainerState(long step, long epoch, int indexInEpoch, int batchesPerEpoch, int accumulate, long seed,
                        String optimizer, String bestMetric, double bestValue, long bestStep) {
        this(step, epoch, indexInEpoch, batchesPerEpoch, accumulate, seed, optimizer, bestMetric, bestValue, bestStep,
                null);
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format_version", Checkpoints.FORMAT_VERSION);
        n.put("step", step);
        n.put("epoch", epoch);
        n.put("index_in_epoch", indexInEpoch);
        n.put("batches_per_epoch", batchesPerEpoch);
        n.put("accumulate_steps", accumulate);
        ObjectNode rng = n.putObject("rng");
        rng.put("seed", seed);
        rng.put("scheme", "every stream seeded from (seed, position): data order (seed, epoch), augmentation "
                + "(seed, epoch, video), dropout (seed, step, micro-batch), masks (seed, step, micro-batch)");
        n.put("optimizer", optimizer);
        if (bestMetric != null) {
            ObjectNode best = n.putObject("best");
            best.put("metric", bestMetric);
            if (!Double.isNaN(bestValue)) {
                best.put("value", bestValue);
                best.put("step", bestStep);
            }
        }
        if (ema != null) {
            ObjectNode e = n.putObject("ema");
            e.put("decay", ema.decay());
            e.put("every_steps", ema.everySteps());
            e.put("eval", ema.eval());
            e.put("weights", Checkpoints.EMA);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrainerState fromJson(String source, String text) {
        try {
            JsonNode n = JSON.readTree(text);
            JsonNode best = n.path("best");
            return new TrainerState(need(n, "step", source).asLong(), need(n, "epoch", source).asLong(),
                    need(n, "index_in_epoch", source).asInt(), need(n, "batches_per_epoch", source).asInt(),
                    need(n, "accumulate_steps", source).asInt(), need(n.path("rng"), "seed", source).asLong(),
                    need(n, "optimizer", source).asText(), best.isObject() ? best.path("metric").asText() : null,
                    best.has("value") ? best.get("value").asDouble() : Double.NaN,
                    best.has("step") ? best.get("step").asLong() : -1, ema(n.path("ema"), source));
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** The {@code ema} settings of a {@code trainer_state.json} of any version, or null when it has none. */
    static WeightEma.Settings emaOf(String source, String text) {
        try {
            return ema(JSON.readTree(text).path("ema"), source);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    private static WeightEma.Settings ema(JsonNode e, String source) {
        if (!e.isObject()) {
            return null;
        }
        try {
            return new WeightEma.Settings(need(e, "decay", source).asDouble(), need(e, "every_steps", source).asInt(),
                    need(e, "eval", source).asBoolean());
        } catch (org.tubelet.models.ConfigException x) {
            throw new IllegalArgumentException(source + ": ema." + x.getMessage());
        }
    }

    /**
     * The {@code format_version} of a {@code trainer_state.json}.
     *
     * @param source the file, for messages
     * @param text its content
     * @param whenAbsent the version of a file without the field
     * @throws IllegalArgumentException if the text is not JSON or the field is not an integer
     */
    static int formatVersion(String source, String text, int whenAbsent) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + ")");
        }
        JsonNode v = n.path("format_version");
        if (v.isMissingNode()) {
            return whenAbsent;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(source + ": 'format_version' must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static JsonNode need(JsonNode n, String key, String source) {
        if (!n.has(key)) {
            throw new IllegalArgumentException(source + ": '" + key + "' is missing");
        }
        return n.get(key);
    }
}
