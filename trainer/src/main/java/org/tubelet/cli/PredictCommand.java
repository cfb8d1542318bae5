package org.tubelet.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tubelet.run.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code predict --model DIR --video FILE [--top-k 5]}: class probabilities of one video. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify one video with a model folder (HF folder, checkpoint or run folder): the model's own "
                + "processor (preprocessor_config.json) and sampler (sampler.json: num_frames, frame_stride; "
                + "otherwise num_frames spread over the video), softmax averaged over --clips clips placed as eval "
                + "places its test views.",
                "Prints the top-k labels with their probabilities."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder.")
    Path model;

    @Option(names = "--video", required = true, paramLabel = "FILE", description = "Video file (mp4, webm, mkv, avi, ...).")
    Path video;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K", description = "Labels to print (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--clips", defaultValue = "1", paramLabel = "N",
            description = "Test views (evenly spaced clips, as eval places them) whose softmax is averaged "
                    + "(default: ${DEFAULT-VALUE}).")
    int clips;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k " + topK + ": expected at least 1");
        }
        Prediction.Result r = Prediction.run(model, video, clips);
        System.out.printf(Locale.ROOT, "%s (%d frames, %.1f fps; %d clip%s of %d frames, stride %d)%n", video,
                r.info().frameCount(), r.info().fps(), clips, clips == 1 ? "" : "s", r.frames(), r.stride());
        for (int c : r.top(topK)) {
            System.out.printf(Locale.ROOT, "%6.2f%%  %s%n", 100 * r.probabilities()[c], r.labels().get(c));
        }
        return CliErrors.OK;
    }
}
