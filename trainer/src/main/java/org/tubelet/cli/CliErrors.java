package org.tubelet.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.tubelet.datasets.video.VideoDecodeException;
import picocli.CommandLine;

/**
 * Turns exceptions from commands into the CLI's exit-code contract: 2 for bad usage, config or input files (an
 * unreadable video the user named included), 1 for failures; a one-line message, the stack trace only with
 * {@code --verbose}.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final boolean verbose;

    CliErrors(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        boolean usage = isUsageError(ex);
        cmd.getErr().println(cmd.getCommandName() + ": " + message(ex));
        if (verbose) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return usage ? USAGE : FAILURE;
    }

    /**
     * A wrong option (missing, unknown, of the wrong type): one line naming the command, the option, the value and
     * what was expected, where to find the options, exit code 2; picocli's default prints the whole usage text.
     */
    static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        cmd.getErr().println(cmd.getCommandName() + ": " + ex.getMessage().replace('\n', ' ') + " (see '" + name
                + " --help')");
        cmd.getErr().flush();
        return USAGE;
    }

    static boolean isUsageError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof NoSuchFileException
                || ex instanceof VideoDecodeException
                || ex instanceof FileNotFoundException
                || (ex instanceof IOException && ex.getClass().getSimpleName().endsWith("FormatException"));
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (ex instanceof NoSuchFileException) {
            return "file not found: " + m;
        }
        return m == null ? ex.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
