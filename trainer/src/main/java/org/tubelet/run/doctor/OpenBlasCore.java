package org.tubelet.run.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * The OpenBLAS core (the kernel set, e.g. {@code Haswell}, {@code SkylakeX}, {@code Zen}, or an older one such as
 * {@code Barcelona} or {@code Prescott}) that the bundled OpenBLAS, a {@code DYNAMIC_ARCH} build, chooses in this
 * environment. JavaCPP 1.5.7's preset does not bind {@code openblas_get_corename()}, and the choice is made once, when
 * the library loads, from the processor and {@code OPENBLAS_CORETYPE}; so a child JVM loads the library with
 * {@code OPENBLAS_VERBOSE=2}, which makes OpenBLAS print {@code Core: <name>} as it chooses, and the line is read.
 */
public final class OpenBlasCore {
    private static final Pattern CORE = Pattern.compile("(?m)^Core: (\\S+)");

    private OpenBlasCore() {
    }

    /**
     * The core OpenBLAS chooses in a process with this process's environment changed by {@code env} (a null value
     * removes a variable); empty when the child fails.
     */
    public static Optional<String> probe(Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), OpenBlasCore.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_VERBOSE", "2");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Matcher m = CORE.matcher(new String(out, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The child: loads OpenBLAS (as ND4J does, the full library), which prints its core to standard error. */
    public static void main(String[] args) {
        Loader.load(openblas.class);
        System.out.println("OpenBLAS loaded");
    }
}
