package org.tubelet.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import org.tubelet.run.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: a forward pass of the bundled tiny ViViT (seeded random weights) on a generated clip of a square
 * moving to the right ({@link Demo}); prints the logits. The smallest end-to-end check that the native backend and
 * the graph work.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Forward pass of a bundled tiny ViViT on a generated moving-square clip; prints the logits.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch", defaultValue = "2", description = "Clips in the batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        Demo.Result r = Demo.run(seed, batch);
        System.out.println("model: " + r.model() + " " + r.preset() + " (" + r.parameters() + " parameters, seed "
                + r.seed() + ")");
        System.out.println("input: moving square, pixel_values " + Arrays.toString(r.pixelValues()));
        for (int b = 0; b < r.logits().length; b++) {
            System.out.println("clip " + b + " logits: " + Arrays.toString(r.logits()[b]));
        }
        return CliErrors.OK;
    }
}
