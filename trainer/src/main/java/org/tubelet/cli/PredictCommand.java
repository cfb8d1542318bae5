package org.tubelet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.Resample;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.datasets.video.VideoInfo;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.ClipViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predict --model DIR --video FILE [--top-k 5]}: class probabilities of one video. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify one video with a model folder (HF folder, checkpoint or run folder): the model's own "
                + "processor (preprocessor_config.json) and sampler (sampler.json: num_frames, frame_stride; "
                + "otherwise num_frames spread over the video), softmax averaged over --clips clips.",
                "Prints the top-k labels with their probabilities."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Video file (mp4, webm, mkv, avi, ...).")
    Path video;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Labels to print (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--clips", defaultValue = "1", paramLabel = "N",
            description = "Evenly spaced clips whose softmax is averaged (default: ${DEFAULT-VALUE}).")
    int clips;

    @Override
    public Integer call() throws Exception {
        if (topK < 1 || clips < 1) {
            throw new IllegalArgumentException("--top-k and --clips must be at least 1");
        }
        if (!Files.isRegularFile(video)) {
            throw new java.nio.file.NoSuchFileException(video.toString());
        }
        Path folder = Checkpoints.modelFolder(model);
        ModelGraph g = HfCheckpoint.load(folder);
        if (g.outputs().logits() == null) {
            throw new IllegalArgumentException(folder + ": " + g.architecture().hfClass() + " has no classifier");
        }
        int frames = g.config().numFrames();
        HfVideoProcessor processor = new HfVideoProcessor(processorOf(folder, g));
        VideoDecoder decoder = new VideoDecoder();
        VideoInfo info = decoder.probe(video);
        int stride = strideOf(folder, frames, info.frameCount());
        int span = ClipViews.span(frames, stride);
        long[] one = null;
        float[] pixels = null;
        for (int c = 0; c < clips; c++) {
            int start = ClipViews.evenStart(info.frameCount(), span, c, clips);
            VideoClip clip = decoder.decode(video, ClipViews.indices(start, frames, stride, info.frameCount()));
            float[] p = processor.process(clip);
            if (pixels == null) {
                one = processor.outputShape(frames, new FrameSize(clip.height(), clip.width()));
                pixels = new float[p.length * clips];
            }
            System.arraycopy(p, 0, pixels, c * p.length, p.length);
        }
        long[] shape = {clips, one[1], one[2], one[3], one[4]};
        Inputs.checkPixels(g, Nd4j.create(DataType.FLOAT, shape), video);
        INDArray x = Nd4j.create(pixels, shape, DataType.FLOAT);
        String name = g.outputs().logits().name();
        INDArray logits = GraphSessions.output(g.sd(), g.feeds(x, null, null, false), List.of(name)).get(name)
                .castTo(DataType.DOUBLE);
        int k = (int) logits.size(1);
        double[] prob = new double[k];
        for (int c = 0; c < clips; c++) {
            double[] row = logits.getRow(c).toDoubleVector();
            double max = java.util.Arrays.stream(row).max().orElse(0);
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            for (int i = 0; i < k; i++) {
                prob[i] += Math.exp(row[i] - max) / sum / clips;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -prob[i]));
        System.out.printf(Locale.ROOT, "%s (%d frames, %.1f fps; %d clip%s of %d frames, stride %d)%n", video,
                info.frameCount(), info.fps(), clips, clips == 1 ? "" : "s", frames, stride);
        for (int i = 0; i < Math.min(topK, k); i++) {
            int c = order.get(i);
            System.out.printf(Locale.ROOT, "%6.2f%%  %s%n", 100 * prob[c], g.config().meta().id2label().get(c));
        }
        return CliErrors.OK;
    }

    /** The folder's processor, or resize-and-crop to the model's size with mean = std = 0.5. */
    static ProcessorConfig processorOf(Path folder, ModelGraph g) throws java.io.IOException {
        Path file = folder.resolve(Checkpoints.PREPROCESSOR);
        if (Files.isRegularFile(file)) {
            return ProcessorConfig.load(file);
        }
        int size = g.config().imageSize();
        return new ProcessorConfig(ProcessorType.VIDEOMAE, true, new ShortestEdge(size), Resample.BILINEAR, true,
                new FrameSize(size, size), true, 1.0 / 255, false, true, ProcessorType.IMAGENET_STANDARD_MEAN,
                ProcessorType.IMAGENET_STANDARD_STD);
    }

    /** The folder's frame stride, or the largest stride that fits the clip into the video. */
    static int strideOf(Path folder, int frames, int videoFrames) throws java.io.IOException {
        Path file = folder.resolve(Checkpoints.SAMPLER);
        if (Files.isRegularFile(file)) {
            JsonNode n = new ObjectMapper().readTree(Files.readString(file));
            if (n.path("frame_stride").canConvertToInt() && n.path("frame_stride").asInt() >= 1) {
                return n.path("frame_stride").asInt();
            }
        }
        return Math.max(1, (videoFrames - 1) / Math.max(1, frames - 1));
    }
}
