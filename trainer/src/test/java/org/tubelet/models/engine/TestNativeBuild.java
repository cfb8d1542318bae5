package org.tubelet.models.engine;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Picks ND4J's native build for this processor ({@link NativeBuild#select()}) when the test launcher opens, before
 * discovery loads any test class that could load ND4J. Registered in {@code META-INF/services}.
 */
public final class TestNativeBuild implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NativeBuild.select();
    }
}
