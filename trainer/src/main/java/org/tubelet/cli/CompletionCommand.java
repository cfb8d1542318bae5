package org.tubelet.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code completion [--name trainer]}: prints a bash (and zsh) completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash and zsh (picocli's AutoComplete): commands, options and "
                + "their values.",
                "bash:  alias trainer='java -jar /path/to/trainer.jar'; source <(trainer completion)",
                "zsh:   autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit; then as bash"})
final class CompletionCommand implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "trainer", paramLabel = "NAME",
            description = "The command the script completes: an alias or wrapper of java -jar trainer.jar "
                    + "(default: ${DEFAULT-VALUE}).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash(name, spec.root().commandLine()));
        System.out.flush();
        return CliErrors.OK;
    }
}
