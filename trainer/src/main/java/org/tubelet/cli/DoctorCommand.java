package org.tubelet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tubelet.recipe.Recipe;
import org.tubelet.run.Doctor;
import org.tubelet.run.doctor.Diagnosis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code doctor [--json] [--recipe R [--set k=v]...] [--run-dir DIR]}. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Print what a bug report needs and what decides speed: versions, Java and heap, processor and "
                + "its vector flags, ND4J's native build, the OpenBLAS core, threads, the native environment, FFmpeg "
                + "and its codecs, GPUs, memory and disk; then warnings about settings known to cost speed.",
                "With --recipe, also the recipe's model size and estimated training memory against what ND4J may "
                        + "allocate (-Xmx)."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (snake_case keys, sizes in bytes).")
    boolean json;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Where runs go, for the free disk space "
            + "(default: the recipe's checkpoint.dir, else runs).")
    Path runDir;

    @Mixin
    RecipeOptions recipe;

    @Override
    public Integer call() throws Exception {
        Recipe r = recipe.recipe == null ? null : recipe.load();
        Path dir = runDir != null ? runDir : r != null ? Path.of(r.checkpoint().dir()) : Path.of("runs");
        Diagnosis d = Doctor.examine(dir, r);
        System.out.print(json ? d.toJson() + System.lineSeparator() : d.toText());
        return CliErrors.OK;
    }
}
