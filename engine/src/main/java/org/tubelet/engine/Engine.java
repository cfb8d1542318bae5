package org.tubelet.engine;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one start-up call of Tubelet's execution engine. {@link #install()} picks ND4J's native build and OpenBLAS's
 * kernels for this processor ({@link NativeBuild#select()}, {@link OpenBlasCore#select()}: both must happen before
 * ND4J loads) and makes SameDiff run graphs in Tubelet's sessions with its kernels and fused nodes
 * ({@link Kernels#install()}). The CLI's {@code main} and the test launcher call it; a Java program that uses Tubelet
 * as a library calls it first thing:
 *
 * <pre>{@code
 * Engine.install();                       // before ND4J loads and before a graph is built
 * ModelGraph g = Models.build(config, architecture, InputSize.of(config), 0);
 * }</pre>
 *
 * <p>Nothing installs itself as a side effect of loading a class: a graph with fused nodes built before this call
 * fails with a message naming it ({@link #requireInstalled}).
 */
public final class Engine {
    private static final Logger LOG = LogManager.getLogger(Engine.class);
    private static volatile boolean installed;

    private Engine() {
    }

    /** Selects the native build and OpenBLAS's kernels, installs the kernels' sessions (idempotent, thread-safe). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        NativeBuild.select();
        OpenBlasCore.select();
        Kernels.install();
        installed = true;
        LOG.debug("Tubelet engine installed (kernels {})", Kernels.enabled() ? "on" : "off");
    }

    /** Whether {@link #install()} has run in this JVM. */
    public static boolean installed() {
        return installed;
    }

    /**
     * Fails unless {@link #install()} has run: graphs with fused nodes compute only in Tubelet's sessions.
     *
     * @param what what needs the engine, for the message
     */
    public static void requireInstalled(String what) {
        if (!installed) {
            throw new IllegalStateException(what + " needs Tubelet's engine: call org.tubelet.engine.Engine.install() "
                    + "once before building graphs (the CLI and the tests do)");
        }
    }
}
