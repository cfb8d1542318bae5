package org.tubelet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tubelet.models.videomae.MaskingStrategy;
import org.tubelet.run.Reconstructions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reconstruct --model DIR|RUN --video FILE --out recon.png}: what a VideoMAE pretraining model makes of one
 * masked clip of a video, as a picture (and optionally as {@code .npy}).
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {"Mask one clip of a video and draw what a VideoMAEForPreTraining model (HF folder, checkpoint "
                + "or pretraining run) reconstructs: per frame the original, the masked input (grey = masked), the "
                + "reconstruction of the masked patches, and the reconstruction with the visible patches pasted back.",
                "The clip takes num_frames frames from --start-frame at the folder's stride (sampler.json) and is "
                        + "processed with its preprocessor_config.json. With norm_pix_loss the predicted patches are "
                        + "de-normalised with the original patch's mean and std."})
final class ReconstructCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR|RUN", description = "VideoMAEForPreTraining folder, "
            + "checkpoint or run folder.")
    Path model;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Video file.")
    Path video;

    @Option(names = "--start-frame", defaultValue = "0", paramLabel = "S",
            description = "First frame of the clip (default: ${DEFAULT-VALUE}).")
    int startFrame;

    @Option(names = "--mask-ratio", defaultValue = "0.9", paramLabel = "R",
            description = "Fraction of the tokens masked (default: ${DEFAULT-VALUE}).")
    double maskRatio;

    @Option(names = "--mask", defaultValue = "tube", paramLabel = "tube|random",
            description = "tube: the same patches in every frame (the paper's); random: any tokens "
                    + "(default: ${DEFAULT-VALUE}).")
    String mask;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the mask (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PNG to write.")
    Path out;

    @Option(names = "--npy", description = "Also write the reconstructed clip as <out>.npy (float32 (T, C, H, W) "
            + "pixel values in [0, 1]) and the mask as <out>_mask.npy (bool (1, N), what forward "
            + "--bool-masked-pos reads).")
    boolean npy;

    @Override
    public Integer call() throws Exception {
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("--mask-ratio " + maskRatio + ": expected a value in (0, 1)");
        }
        MaskingStrategy strategy = Arrays.stream(MaskingStrategy.values())
                .filter(s -> s.name().equalsIgnoreCase(mask)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--mask " + mask + ": expected tube or random"));
        Reconstructions.Result r = Reconstructions.run(model, video, startFrame, maskRatio, strategy, seed, out, npy);
        System.out.printf(Locale.ROOT, "%s: frames %s, %d of %d tokens masked (%s), loss %.4f%n", r.video(),
                Arrays.toString(r.frames()), r.masked(), r.tokens(), mask.toLowerCase(Locale.ROOT), r.loss());
        System.out.println("model: " + r.model());
        System.out.println("wrote " + r.picture() + (r.npy() == null ? "" : " and " + r.npy()));
        return CliErrors.OK;
    }
}
