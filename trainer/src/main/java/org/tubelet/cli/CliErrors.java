package org.tubelet.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * Turns exceptions from commands into the CLI's exit-code contract: 2 for bad usage, config or input files, 1 for
 * failures; a one-line message, the stack trace only with {@code --verbose}.
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

    static boolean isUsageError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof NoSuchFileException
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
