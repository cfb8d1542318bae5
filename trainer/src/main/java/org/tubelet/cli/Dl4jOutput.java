package org.tubelet.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.tubelet.engine.Dl4jConsole;

/**
 * The command line's switch for DL4J's own console output ({@link Dl4jConsole}): hidden unless {@code --verbose}, at
 * its loggers (set back to {@code WARN}, as the rest of {@code org.nd4j}) and at its lines on standard output.
 */
final class Dl4jOutput {
    private Dl4jOutput() {
    }

    static void show(boolean verbose) {
        Dl4jConsole.show(verbose);
        for (String logger : Dl4jConsole.LOGGERS) {
            Configurator.setLevel(logger, verbose ? Level.WARN : Level.ERROR);
        }
    }
}
