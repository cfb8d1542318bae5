package org.tubelet.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the engine ({@link Engine#install()}: ND4J's native build for this processor, then Tubelet's sessions)
 * when the test launcher opens, before discovery loads any test class that could load ND4J. Registered in
 * {@code META-INF/services}; the engine's test jar carries it to the other modules' tests.
 */
public final class TestNativeBuild implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Engine.install();
    }
}
