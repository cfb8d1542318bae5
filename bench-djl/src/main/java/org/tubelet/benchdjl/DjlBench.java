package org.tubelet.benchdjl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * PyTorch 2.7 through DJL, the second anchor of {@code make bench}: loads the TorchScript export of a bench model
 * (bench/export_torchscript.py) and times, at PyTorch's steady state, the forward pass both as inference (autograd
 * off) and with autograd on (reporting the faster as {@code forward_ms}, as bench/torch_*.py do) and one AdamW
 * training step; then prints the peak RSS and, with {@code --json}, one JSON line with the keys of the other programs.
 *
 * <p>Run: {@code java -cp 'bench-djl/target/classes:bench-djl/target/lib/*' org.tubelet.benchdjl.DjlBench --dir DIR
 * --threads 2 --warmup 10 --steps 5 --json}. DJL is put in offline mode and finds libtorch in the
 * {@code pytorch-native-cpu} jar on the class path (extracted once into DJL's cache folder); nothing is downloaded.
 */
public final class DjlBench {

    private DjlBench() {
    }

    /** Entry point; exit code 2 for bad arguments. */
    public static void main(String[] args) throws Exception {
        BenchOptions options = Args.parseOrExit("DjlBench", BenchOptions::parse, args);
        configureEngine(options.threads());
        ObjectNode result = run(options);
        if (options.json()) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        }
    }

    /** Offline, libtorch from the class path, {@code threads} intra-op threads: before DJL's engine starts. */
    public static void configureEngine(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.default_engine", "PyTorch");
    }

    static ObjectNode run(BenchOptions o) throws IOException, MalformedModelException {
        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(o.dir().resolve("meta.json").toFile());
        Engine engine = Engine.getEngine("PyTorch");
        ObjectNode result = json.createObjectNode();
        result.put("framework", "pytorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")");
        result.put("model", meta.path("model").asText());
        result.put("batch", meta.path("batch").asInt());
        result.put("threads", JniUtils.getNumThreads());
        result.put("interop_threads", JniUtils.getNumInteropThreads());
        result.put("forward_gflop", meta.path("forward_gflop").asDouble());
        result.put("exported_by", meta.path("exported_by").asText());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray x = manager.create(readFloats(o.dir().resolve("x.f32")), shape(meta.path("x_shape")));
            NDArray y = manager.create(readLongs(o.dir().resolve("y.i64")), shape(meta.path("y_shape")));
            if (o.what().contains(BenchOptions.Phase.FORWARD)) {
                forward(o, manager, x, result);
            }
            if (o.what().contains(BenchOptions.Phase.TRAIN)) {
                train(o, manager, x, y, result);
            }
        }
        long rss = PeakRss.megabytes();
        result.put("peak_rss_mb", rss);
        System.out.printf("peak RSS: %d MB%n", rss);
        return result;
    }

    private static void forward(BenchOptions o, NDManager manager, NDArray x, ObjectNode result)
            throws IOException, MalformedModelException {
        try (Model model = Model.newInstance("forward", Device.cpu(), "PyTorch")) {
            // Parameters that require gradients, as PyTorch 1.13's reference model has: with autograd on, the
            // forward pass records its graph (forward_grad_recorded says whether it did).
            model.load(o.dir(), "forward", Map.of("trainParam", "true"));
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            result.put("params", countParameters(block.getParameters()));
            ParameterStore store = new ParameterStore(manager, false);
            ForwardModes.Timings t = ForwardModes.time(block, store, x, o.warmup(), o.steps());
            t.report(result);
            double best = t.fasterMs();
            System.out.printf("forward: best median %.1f ms = %.1f GFLOP/s%n", best,
                    result.path("forward_gflop").asDouble() / best * 1e3);
        }
    }

    private static void train(BenchOptions o, NDManager manager, NDArray x, NDArray y, ObjectNode result)
            throws IOException, MalformedModelException {
        try (Model model = Model.newInstance("train", Device.cpu(), "PyTorch")) {
            model.load(o.dir(), "train", Map.of("trainParam", "true"));
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            PairList<String, Parameter> parameters = block.getParameters();
            long count = countParameters(parameters);
            if (result.has("params") && result.path("params").asLong() != count) {
                throw new IllegalStateException("forward.pt has " + result.path("params").asLong()
                        + " parameters but train.pt " + count);
            }
            result.put("params", count);
            ParameterStore store = new ParameterStore(manager, false);
            AdamWStep step = new AdamWStep(parameters, 1e-4f);
            float[] first = {Float.NaN};
            float[] last = {Float.NaN};
            StepTimer.Timing t = StepTimer.time(() -> {
                last[0] = step.step(() -> block.forward(store, new NDList(x, y), true).singletonOrThrow());
                if (Float.isNaN(first[0])) {
                    first[0] = last[0];
                }
            }, o.warmup(), o.steps());
            print("train step", t);
            result.put("train_step_ms", round1(t.medianMs()));
            result.put("first_loss", first[0]);
            result.put("last_loss", last[0]);
            System.out.printf("train step: %.1f GFLOP/s; loss %.4f -> %.4f%n",
                    3 * result.path("forward_gflop").asDouble() / t.medianMs() * 1e3, first[0], last[0]);
        }
    }

    /** Parameters that the optimiser updates (those requiring gradients; buffers such as the tube mask are not). */
    static long countParameters(PairList<String, Parameter> parameters) {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += Objects.requireNonNull(p.getArray(), p.getName()).size();
        }
        return n;
    }

    static void print(String what, StepTimer.Timing t) {
        System.out.printf("%s: median %.1f ms (min %.1f, max %.1f)%n", what, t.medianMs(), t.minMs(), t.maxMs());
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static Shape shape(JsonNode dims) {
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = dims.get(i).asLong();
        }
        return new Shape(s);
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static long[] readLongs(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[b.remaining() / Long.BYTES];
        b.asLongBuffer().get(out);
        return out;
    }

}
