package org.tubelet.benchdjl;

import java.util.function.Function;

/**
 * The command-line pieces {@link BenchOptions} and {@link InferenceOptions} share: an option's value, an integer, a
 * bound check, and a program's parse-or-exit. An {@link IllegalArgumentException} names the option, the value and
 * what was expected.
 */
final class Args {

    private Args() {
    }

    /** The value after {@code option}, at {@code args[i]}. */
    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The integer value after {@code option}, at {@code args[i]}. */
    static int integer(String[] args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, got '" + v + "'", e);
        }
    }

    /** Checks {@code value ≥ least}. */
    static void atLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(option + (least == 0 ? " must be 0 or more, got "
                    : " must be at least " + least + ", got ") + value);
        }
    }

    /** The parsed options, or (bad arguments) the message on standard error and exit code 2. */
    static <O> O parseOrExit(String program, Function<String[], O> parse, String[] args) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(2);
            throw e;                                                         // not reached
        }
    }
}
