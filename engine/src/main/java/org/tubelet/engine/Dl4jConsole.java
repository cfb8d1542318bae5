package org.tubelet.engine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What DL4J 1.0.0-M2.1 prints on its own, and how Tubelet keeps it off the console. It comes from two places:
 * <ul>
 * <li>warnings about DL4J's own internals, through its loggers, at every start: {@code ImportClassMapping}'s
 * "Duplicate TF op mapping found for op Pow" and {@code DifferentialFunction}'s "No fields found for property name
 * labelsSmoothing". These are the {@link #LOGGERS}, which the command line's {@code log4j2.xml} sets to {@code ERROR}
 * (only these loggers: everything else keeps its level);</li>
 * <li>one "Added differentiated op X" line per op, printed straight to {@code System.out} while SameDiff builds a
 * backward graph ({@code SameDiff.createGradFunction}). {@link #createGradFunction} builds it through a filter that
 * drops exactly the lines starting with one of {@link #STDOUT_PREFIXES}; every other line, from any thread, passes.</li>
 * </ul>
 * {@link #show(boolean) show(true)} (the command line's {@code --verbose}) lets the printed lines through.
 */
public final class Dl4jConsole {
    /** DL4J's loggers whose warnings are about DL4J itself, never about the user's run. */
    public static final List<String> LOGGERS = List.of(
            "org.nd4j.imports.converters.ImportClassMapping",
            "org.nd4j.autodiff.functions.DifferentialFunction");
    /** The beginnings of the lines SameDiff prints to {@code System.out} itself. */
    public static final List<String> STDOUT_PREFIXES = List.of("Added differentiated op ");

    private static volatile boolean shown;

    private Dl4jConsole() {
    }

    /** Whether DL4J's printed lines go to the console ({@code --verbose}); off by default. */
    public static void show(boolean show) {
        shown = show;
    }

    /** True after {@code show(true)}. */
    public static boolean shown() {
        return shown;
    }

    /** {@code sd.createGradFunction()} without its "Added differentiated op" lines (unless {@link #shown()}). */
    public static void createGradFunction(SameDiff sd) {
        quietly(sd::createGradFunction);
    }

    /**
     * Runs {@code r} with {@code System.out} dropping the lines that start with one of {@link #STDOUT_PREFIXES}
     * (unless {@link #shown()}). One caller at a time swaps the stream; others wait.
     */
    public static synchronized void quietly(Runnable r) {
        if (shown) {
            r.run();
            return;
        }
        PrintStream out = System.out;
        LineFilter filter = new LineFilter(out);
        System.setOut(new PrintStream(filter, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(out);
            filter.flushPartialLine();
        }
    }

    /** Passes whole lines to {@code target} unless they start with one of {@link #STDOUT_PREFIXES}. */
    static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        /** A last line without its newline goes out as it is (it cannot be one of SameDiff's). */
        synchronized void flushPartialLine() {
            if (line.size() > 0) {
                target.write(line.toByteArray(), 0, line.size());
                line.reset();
            }
            target.flush();
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            if (STDOUT_PREFIXES.stream().noneMatch(text::startsWith)) {
                target.write(line.toByteArray(), 0, line.size());
                target.flush();
            }
            line.reset();
        }
    }
}
