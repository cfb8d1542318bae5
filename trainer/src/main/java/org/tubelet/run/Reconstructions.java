package org.tubelet.run;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.datasets.processing.FrameSize;
import org.tubelet.datasets.processing.HfVideoProcessor;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.datasets.video.VideoDecoder;
import org.tubelet.datasets.video.VideoInfo;
import org.tubelet.engine.GraphSessions;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Npy;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.models.videomae.TubeMaskGenerator;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.data.Batch;
import org.tubelet.train.eval.MaskedReconstruction;
import org.tubelet.train.listeners.ReconstructionGrid;
import org.tubelet.train.listeners.ReconstructionListener;
import org.tubelet.train.listeners.RunImages;

/**
 * What a VideoMAE pretraining model makes of masked clips, as {@link ReconstructionGrid} pictures: during a pretraining
 * run (fixed clips and masks, {@link #listener}) and for any video and model folder ({@code reconstruct},
 * {@link #run}).
 */
public final class Reconstructions {
    private Reconstructions() {
    }

    /**
     * The pretraining run's picture listener: the first view of the first {@code log.reconstruct_clips} validation
     * videos (or, without validation data, the first clips of the first training batch), each with its fixed mask.
     */
    static ReconstructionListener listener(Recipe r, VideoMaeConfig c, DataSources data, MaskedReconstruction masking,
                                           Path runDir) throws Exception {
        int count = r.log().reconstructClips();
        MaskedReconstruction.Clips clips;
        String source;
        if (data.val() != null) {
            clips = MaskedReconstruction.firstViews(data.val(), count);
            source = "validation clips";
        } else {
            data.train().seek(0, 0);
            Batch first = data.train().next();                 // the trainer seeks again before its first step
            clips = MaskedReconstruction.Clips.of(first, count);
            source = "training clips (no validation data)";
        }
        return new ReconstructionListener(clips, masking, grid(c, Wiring.processor(r.data().processor(), c)),
                new RunImages(runDir), r.log().reconstructEvery(), source);
    }

    /** The picture drawer for a model whose input a processor made. */
    static ReconstructionGrid grid(VideoMaeConfig c, ProcessorConfig p) {
        return p.doNormalize() ? new ReconstructionGrid(c, p.imageMean(), p.imageStd())
                : new ReconstructionGrid(c, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0));
    }

    /**
     * What {@code reconstruct} did.
     *
     * @param model     the model folder used
     * @param video     the video
     * @param frames    the frame indices of the clip
     * @param masked    masked tokens of the clip
     * @param tokens    tokens of the clip
     * @param loss      the model's loss on this clip and mask
     * @param picture   the PNG written
     * @param npy       the reconstruction written as {@code .npy}, or null
     */
    public record Result(Path model, Path video, int[] frames, int masked, int tokens, double loss, Path picture,
                         Path npy) {
    }

    /**
     * {@code reconstruct}: one clip of a video, masked, through a {@code VideoMAEForPreTraining} folder or run.
     *
     * @param model      an HF folder, checkpoint folder or run folder (its best or newest checkpoint)
     * @param video      the video file
     * @param startFrame first frame of the clip; the clip takes {@code num_frames} frames at the folder's stride
     *                   ({@code sampler.json}, else the largest that fits)
     * @param ratio      masking ratio
     * @param strategy   tube or random masking
     * @param seed       seed of the mask
     * @param out        the PNG to write
     * @param npy        also write the reconstruction next to it as {@code .npy}: float32 (T, C, H, W) pixel values
     *                   in [0, 1] as the picture shows them (masked patches predicted, visible ones from the clip),
     *                   and the mask as {@code <name>_mask.npy}, bool (1, N), true = masked (what {@code forward
     *                   --bool-masked-pos} reads)
     */
    public static Result run(Path model, Path video, int startFrame, double ratio, MaskingStrategy strategy,
                             long seed, Path out, boolean npy) throws Exception {
        if (!Files.isRegularFile(video)) {
            throw new NoSuchFileException(video.toString());
        }
        Path folder = Checkpoints.modelFolder(model);
        ModelConfig config = HfConfigs.read(folder.resolve(HfCheckpoint.CONFIG));
        Architecture arch = HfCheckpoint.architectureOf(config, folder.resolve(HfCheckpoint.CONFIG));
        if (arch != Architecture.VIDEOMAE_FOR_PRETRAINING) {
            throw new IllegalArgumentException(folder + ": " + arch.hfClass() + " has no decoder; reconstruct needs a "
                    + "VideoMAEForPreTraining folder (a pretraining run, or its HF export)");
        }
        VideoMaeConfig c = (VideoMaeConfig) config;
        TubeMaskGenerator masks = TubeMaskGenerator.forConfig(c, ratio, strategy);
        if (masks.maskedPerClip() == 0) {
            throw new IllegalArgumentException("--mask-ratio " + ratio + " masks no token of " + masks.tokens());
        }
        ModelGraph g = HfCheckpoint.load(folder, null, masks.maskedPerClip());
        ProcessorConfig pc = Prediction.processorOf(folder, g);
        VideoDecoder decoder = new VideoDecoder();
        VideoInfo info = decoder.probe(video);
        int frames = c.numFrames();
        int stride = Prediction.strideOf(folder, frames, info.frameCount() - startFrame);
        int[] indices = new int[frames];
        for (int i = 0; i < frames; i++) {
            indices[i] = startFrame + i * stride;
        }
        if (startFrame < 0 || indices[frames - 1] >= info.frameCount()) {
            throw new IllegalArgumentException("--start-frame " + startFrame + ": a clip of " + frames + " frames with "
                    + "stride " + stride + " needs frames " + startFrame + ".." + indices[frames - 1] + " but " + video
                    + " has " + info.frameCount());
        }
        var clip = decoder.decode(video, indices);
        HfVideoProcessor processor = new HfVideoProcessor(pc);
        float[] pixels = processor.process(clip);
        long[] shape = processor.outputShape(frames, new FrameSize(clip.height(), clip.width()));  // [1, T, C, H, W]
        Inputs.checkPixels(g, shape, video);
        INDArray x = Nd4j.create(pixels, shape, DataType.FLOAT);
        boolean[][] mask = {masks.one(seed)};
        MaskedReconstruction.Output result = MaskedReconstruction.run(g, x, mask);
        ReconstructionGrid grid = grid(c, pc);
        RunImages.writePng(out, grid.draw(x, mask, result.predictions(), String.format(java.util.Locale.ROOT,
                "%s, frames %d..%d (stride %d); %s masking %.0f%% (seed %d); loss %.4f", video.getFileName(),
                startFrame, indices[frames - 1], stride, strategy.name().toLowerCase(java.util.Locale.ROOT),
                100 * ratio, seed, result.loss())));
        Path npyFile = null;
        if (npy) {
            npyFile = sibling(out, ".npy");
            float[] shown = grid.toPixels(grid.reconstructedClip(x, 0, mask[0], result.predictions()));
            Npy.write(npyFile, HostTensor.ofFloats(new long[]{frames, c.numChannels(), c.imageSize(), c.imageSize()},
                    shown));
            Npy.write(sibling(out, "_mask.npy"), HostTensor.ofBooleans(new long[]{1, mask[0].length}, mask[0]));
        }
        GraphSessions.freeInferenceMemory(g.sd());
        return new Result(folder, video, indices, masks.maskedPerClip(), masks.tokens(), result.loss(), out, npyFile);
    }

    private static Path sibling(Path png, String suffix) {
        String name = png.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4)
                : name;
        return png.resolveSibling(stem + suffix);
    }
}
