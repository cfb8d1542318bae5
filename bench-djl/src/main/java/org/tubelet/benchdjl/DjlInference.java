package org.tubelet.benchdjl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import org.tubelet.datasets.layout.DatasetIndex;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.ListFileReader;
import org.tubelet.datasets.loader.ClipBatch;
import org.tubelet.datasets.loader.ClipLoaders;
import org.tubelet.datasets.loader.Epoch;
import org.tubelet.datasets.loader.LoaderConfig;
import org.tubelet.datasets.loader.VideoLoader;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.video.ClipSource;

/**
 * PyTorch 2.7 through DJL on the inference workload of {@code make bench}: classifies a folder of clips as
 * {@code trainer.jar eval} does (one centred view per video, batched, softmax, top-1) with the TorchScript export of
 * the same model (bench/export_torchscript.py). DJL reads no video, so the clips come from Tubelet's own loader
 * ({@code tubelet-datasets}: FFmpeg through JavaCV, Hugging Face's VideoMAE processor steps), as a Java user of DJL
 * would take one: the decoding and the processing are {@code eval}'s, only the model's runtime differs.
 *
 * <p>Before the timed pass both forward modes are timed on the export's input batch (which also warms up
 * TorchScript's profiling executor), and the pass runs in the faster one, as bench/torch_inference.py does. Timed:
 * from opening the loader's epoch to the last batch's softmax. A video that cannot be read is skipped and counted
 * ({@code unreadable}), as in {@code eval}.
 *
 * <p>Run: {@code java -cp 'bench-djl/target/classes:bench-djl/target/lib/*' org.tubelet.benchdjl.DjlInference
 * --dir DIR --list data/generated/inference-bench/val.txt --workers 1 --stride 2 --short-side 128 --json}.
 */
public final class DjlInference {

    private DjlInference() {
    }

    /** Entry point; exit code 2 for bad arguments. */
    public static void main(String[] args) throws Exception {
        InferenceOptions options = Args.parseOrExit("DjlInference", InferenceOptions::parse, args);
        DjlBench.configureEngine(options.threads());
        ObjectNode result = run(options);
        if (options.json()) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
        }
    }

    /**
     * What the timed pass found.
     *
     * @param videos     videos classified
     * @param correct    of which the top-1 class was the label
     * @param seconds    the pass's time
     * @param unreadable videos the loader could not read (skipped)
     */
    record Pass(int videos, int correct, double seconds, int unreadable) {
    }

    static ObjectNode run(InferenceOptions o) throws IOException, MalformedModelException {
        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(o.dir().resolve("meta.json").toFile());
        Shape xShape = DjlBench.shape(meta.path("x_shape"));                  // [B, T, C, H, W]
        if (xShape.dimension() != 5 || xShape.get(2) != 3 || xShape.get(3) != xShape.get(4)) {
            throw new IllegalArgumentException(o.dir().resolve("meta.json") + ": x_shape is " + xShape
                    + ", expected [batch, frames, 3, size, size]");
        }
        int batch = Math.toIntExact(xShape.get(0));
        int frames = Math.toIntExact(xShape.get(1));
        int image = Math.toIntExact(xShape.get(3));
        DatasetIndex index = ListFileReader.defaults(LayoutOptions.defaults()).read(o.list());
        if (index.samples().isEmpty()) {
            throw new IllegalArgumentException(o.list() + " lists no readable videos");
        }
        ProcessorConfig processor = ProcessorConfig.builder(ProcessorType.VIDEOMAE)
                .size(new ShortestEdge(o.shortSide())).cropSize(new FrameSize(image, image)).build();
        VideoLoader loader = new ClipLoaders(frames, o.stride()).testViews(index.samples(), ClipSource.standard(),
                processor, 1, 1, LoaderConfig.evaluation(batch, o.workers(), 0L)).get(0);

        Engine engine = Engine.getEngine("PyTorch");
        ObjectNode result = json.createObjectNode();
        result.put("framework", "pytorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")");
        result.put("model", meta.path("model").asText());
        result.put("batch", batch);
        result.put("workers", o.workers());
        result.put("threads", JniUtils.getNumThreads());
        result.put("decoder", "Tubelet's VideoLoader (FFmpeg through JavaCV)");
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
             Model model = Model.newInstance("forward", Device.cpu(), "PyTorch")) {
            model.load(o.dir(), "forward", Map.of("trainParam", "true"));   // parameters as the reference's
            PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.create(DjlBench.readFloats(o.dir().resolve("x.f32")), xShape);
            ForwardModes.Timings modes = ForwardModes.time(block, store, x, o.warmup(), o.steps());
            modes.report(result);
            result.put("mode_warmup", o.warmup());
            result.put("mode_steps", o.steps());
            ForwardModes.Mode mode = modes.faster();
            Pass pass = classify(loader, block, store, manager, mode, xShape);
            result.put("videos", pass.videos());
            result.put("views_per_video", 1);
            result.put("unreadable", pass.unreadable());
            result.put("top1", pass.videos() == 0 ? 0 : pass.correct() / (double) pass.videos());
            result.put("seconds", Math.round(pass.seconds() * 1e3) / 1e3);
            result.put("views_per_s", Math.round(pass.videos() / pass.seconds() * 1e3) / 1e3);
            result.put("mode", mode.json());
            System.out.printf("%d views in %.2f s: %.2f views/s (%s, %d worker(s), batch %d; %d unreadable)%n",
                    pass.videos(), pass.seconds(), pass.videos() / pass.seconds(), mode.json(), o.workers(),
                    batch, pass.unreadable());
        }
        long rss = PeakRss.megabytes();
        result.put("peak_rss_mb", rss);
        System.out.printf("peak RSS: %d MB%n", rss);
        return result;
    }

    /**
     * The timed pass: every batch of the loader through the model in {@code mode}, softmax, top-1 against the label.
     * A video counts once (the loader may hand a readable video in place of an unreadable one).
     */
    private static Pass classify(VideoLoader loader, PtSymbolBlock block, ParameterStore store, NDManager manager,
                                 ForwardModes.Mode mode, Shape xShape) {
        boolean[] counted = new boolean[loader.samples().size()];
        int[] videos = {0};
        int[] correct = {0};
        long t0 = System.nanoTime();
        ForwardModes.run(mode, () -> {
            try (Epoch epoch = loader.epoch(0)) {
                while (epoch.hasNext()) {
                    ClipBatch b = epoch.next();
                    try (NDManager step = manager.newSubManager()) {
                        // [B, T, C, H, W]; a last, partial batch is padded with zero clips (the export's batch is fixed)
                        NDArray clips = step.create(b.pixels(), xShape);
                        float[] probs;
                        try (NDList out = ForwardModes.forward(block, store, clips, mode)) {
                            probs = out.head().softmax(-1).toFloatArray();              // [B, K]
                        }
                        int k = probs.length / loader.config().batchSize();
                        for (int i = 0; i < b.size(); i++) {
                            int video = b.sampleIndices()[i];
                            if (counted[video]) {
                                continue;
                            }
                            counted[video] = true;
                            videos[0]++;
                            if (argmax(probs, i * k, k) == b.labels()[i]) {
                                correct[0]++;
                            }
                        }
                    }
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Pass(videos[0], correct[0], seconds, loader.unreadable().size());
    }

    /** The index of the largest of {@code a[from .. from + n)}, relative to {@code from}. */
    static int argmax(float[] a, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[from + i] > a[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
