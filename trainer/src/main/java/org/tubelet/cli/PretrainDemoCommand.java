package org.tubelet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tubelet.run.PretrainDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pretrain-demo}: the VideoMAE claim at demo size ({@link PretrainDemo}); prints the table. */
@Command(name = "pretrain-demo", mixinStandardHelpOptions = true,
        description = {"Pretrain a small VideoMAE on unlabelled generated videos, fine-tune it with k labelled videos "
                + "per class, fine-tune the same model from scratch with the same videos and steps, and print the "
                + "validation top-1 of both for every k and seed (also written to <dir>/results.md).",
                "Defaults: 1200 unlabelled videos, k = 5 and 20, seeds 0, 1, 2; --quick runs every phase on a few "
                        + "videos in a couple of minutes (its numbers mean nothing)."})
final class PretrainDemoCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "runs/pretrain-demo", paramLabel = "DIR",
            description = "Where the data, runs and results go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--quick", description = "Every phase on a few videos and steps (a smoke test).")
    boolean quick;

    @Option(names = "--unlabelled", paramLabel = "N", description = "Videos to pretrain on.")
    Integer unlabelled;

    @Option(names = "--val", paramLabel = "N", description = "Validation videos.")
    Integer val;

    @Option(names = "--shots", split = ",", paramLabel = "K", description = "Labelled videos per class, e.g. 5,20.")
    List<Integer> shots;

    @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Fine-tuning seeds, e.g. 0,1,2.")
    List<Long> seeds;

    @Option(names = "--pretrain-steps", paramLabel = "N", description = "Pretraining steps.")
    Long pretrainSteps;

    @Option(names = "--finetune-steps", paramLabel = "N", description = "Steps of every fine-tuning run.")
    Long finetuneSteps;

    @Option(names = "--pretrain-set", paramLabel = "KEY=VALUE",
            description = "Override a key of the pretraining recipe (repeatable), e.g. train.mask_ratio=0.9.")
    List<String> pretrainSets = new ArrayList<>();

    @Option(names = "--finetune-set", paramLabel = "KEY=VALUE",
            description = "Override a key of both fine-tuning arms (repeatable), e.g. optim.lr=1e-3.")
    List<String> finetuneSets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PretrainDemo.Settings d = quick ? PretrainDemo.Settings.quick(dir) : PretrainDemo.Settings.standard(dir);
        List<String> pre = new ArrayList<>(d.pretrainSets());
        pre.addAll(pretrainSets);
        List<String> fine = new ArrayList<>(d.finetuneSets());
        fine.addAll(finetuneSets);
        PretrainDemo.Settings s = new PretrainDemo.Settings(dir, unlabelled != null ? unlabelled : d.unlabelled(),
                val != null ? val : d.valVideos(), shots != null ? shots : d.shots(),
                seeds != null ? seeds : d.seeds(), pretrainSteps != null ? pretrainSteps : d.pretrainSteps(),
                finetuneSteps != null ? finetuneSteps : d.finetuneSteps(), pre, fine);
        PretrainDemo.run(s, System.out);
        return CliErrors.OK;
    }
}
