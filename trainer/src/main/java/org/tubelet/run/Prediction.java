package org.tubelet.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.loader.ClipLoaders;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.processing.ProcessorType;
import org.tubelet.datasets.processing.ShortestEdge;
import org.tubelet.datasets.sampling.FrameSampler;
import org.tubelet.datasets.sampling.SamplingScheme;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.datasets.video.VideoInfo;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.eval.ClipScores;

/**
 * Class probabilities of one video ({@code predict --model DIR --video FILE}): the model folder's own processor
 * ({@code preprocessor_config.json}) and sampler ({@code sampler.json}), the softmax averaged over N temporal test
 * views placed as {@code eval} places them ({@link FrameSampler#view}, mmaction2's test mode).
 */
public final class Prediction {
    private Prediction() {
    }

    /**
     * What the model says of a video.
     *
     * @param video         the file
     * @param info          what probing it found
     * @param frames        frames per clip
     * @param stride        step between the frames of a clip
     * @param clips         temporal views averaged
     * @param probabilities softmax per class, averaged over the views
     * @param labels        class names, index = class
     */
    public record Result(Path video, VideoInfo info, int frames, int stride, int clips, double[] probabilities,
                         List<String> labels) {
        /** The {@code k} most probable classes, most probable first. */
        public List<Integer> top(int k) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < probabilities.length; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> -probabilities[i]));
            return order.subList(0, Math.min(k, order.size()));
        }
    }

    /**
     * Classifies a video.
     *
     * @param model an HF folder, checkpoint or run folder (its best checkpoint)
     * @param video the video file
     * @param clips temporal views to average (≥ 1)
     */
    public static Result run(Path model, Path video, int clips) throws Exception {
        if (clips < 1) {
            throw new IllegalArgumentException("--clips " + clips + ": expected at least 1");
        }
        if (!Files.isRegularFile(video)) {
            throw new NoSuchFileException(video.toString());
        }
        Path folder = Checkpoints.modelFolder(model);
        ModelGraph g = HfCheckpoint.load(folder);
        if (g.architecture().head() != Architecture.Head.CLASSIFIER || g.outputs().logits() == null) {
            throw new IllegalArgumentException(folder + ": " + g.architecture().hfClass() + " has no classifier;"
                    + " predict needs a ...ForVideoClassification folder (a training run, or its HF export)");
        }
        int frames = g.config().numFrames();
        HfVideoProcessor processor = new HfVideoProcessor(processorOf(folder, g));
        VideoDecoder decoder = new VideoDecoder();
        VideoInfo info = decoder.probe(video);
        if (info.frameCount() < frames) {
            throw new IllegalArgumentException(video + ": " + info.frameCount() + " frames, shorter than the model's"
                    + " clip; expected at least " + frames + " frames (" + folder + ": num_frames " + frames + ")");
        }
        SamplingScheme scheme = schemeOf(folder);
        int stride = scheme == SamplingScheme.DENSE ? strideOf(folder, frames, info.frameCount()) : 1;
        FrameSampler views = new ClipLoaders(frames, stride, scheme).testSampler();
        long[] one = null;
        float[] pixels = null;
        for (int c = 0; c < clips; c++) {
            VideoClip clip = decoder.decode(video, views.view(info.frameCount(), c, clips));
            float[] p = processor.process(clip);
            if (pixels == null) {
                one = processor.outputShape(frames, new FrameSize(clip.height(), clip.width()));
                pixels = new float[p.length * clips];
            }
            System.arraycopy(p, 0, pixels, c * p.length, p.length);
        }
        long[] shape = {clips, one[1], one[2], one[3], one[4]};                   // [N, T, C, H, W]
        Inputs.checkPixels(g, shape, video);
        INDArray x = Nd4j.create(pixels, shape, DataType.FLOAT);
        String name = g.outputs().logits().name();
        INDArray logits = GraphSessions.output(g.sd(), g.feeds(x, null, null, false), List.of(name)).get(name);
        return new Result(video, info, frames, stride, clips,
                meanOverClips(ClipScores.probabilities(logits, g.config().labelRowsPerClip())),
                g.config().meta().id2label().values().stream().toList());
    }

    /** The mean of the clips' probabilities ({@link ClipScores}: each clip's softmax, frames averaged first). */
    static double[] meanOverClips(double[][] clipProbs) {
        double[] mean = new double[clipProbs[0].length];
        for (double[] p : clipProbs) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p[i] / clipProbs.length;
            }
        }
        return mean;
    }

    /** The folder's processor, or resize-and-crop to the model's size with mean = std = 0.5. */
    static ProcessorConfig processorOf(Path folder, ModelGraph g) throws IOException {
        Path file = folder.resolve(Checkpoints.PREPROCESSOR);
        if (Files.isRegularFile(file)) {
            return ProcessorConfig.load(file);
        }
        int size = g.config().imageSize();
        return ProcessorConfig.builder(ProcessorType.VIDEOMAE).size(new ShortestEdge(size))
                .cropSize(new FrameSize(size, size)).build();
    }

    /** The folder's sampling scheme ({@code sampling} in {@code sampler.json}), dense when it names none. */
    static SamplingScheme schemeOf(Path folder) throws IOException {
        Path file = folder.resolve(Checkpoints.SAMPLER);
        if (Files.isRegularFile(file)) {
            String name = new ObjectMapper().readTree(Files.readString(file)).path("sampling").asText("dense");
            for (SamplingScheme s : SamplingScheme.values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(file + ": sampling = \"" + name + "\": expected dense or uniform");
        }
        return SamplingScheme.DENSE;
    }

    /** The folder's frame stride, or the largest stride that fits the clip into the video. */
    static int strideOf(Path folder, int frames, int videoFrames) throws IOException {
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
