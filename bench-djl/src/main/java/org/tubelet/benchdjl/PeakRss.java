package org.tubelet.benchdjl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident set size of this process ({@code VmHWM} in {@code /proc/self/status}), as the other programs. */
public final class PeakRss {

    private PeakRss() {
    }

    /** This process's peak RSS in MB (rounded), or -1 without {@code /proc}. */
    public static long megabytes() {
        try {
            return fromStatus(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The {@code VmHWM} line of a {@code /proc/PID/status} text, kB → MB (rounded); -1 if it has none. */
    static long fromStatus(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                if (f.length != 2 || !f[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected VmHWM line: '" + line + "'");
                }
                return Math.round(Long.parseLong(f[0]) / 1024.0);
            }
        }
        return -1;
    }
}
