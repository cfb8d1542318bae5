package org.tubelet.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The native-library environment that makes ND4J fast here (measured, see BENCHMARKS.md): OpenMP threads that sleep
 * instead of spinning, and OpenBLAS threads that spin for 2^17 cycles (≈ 50 µs) for the next product before they sleep:
 * long enough to bridge the short ops between two products (waking a sleeping thread cost ≈ 0.1 ms per product
 * here), short enough not to take the core from Tubelet's own kernel threads; OpenBLAS's kernels for this
 * processor ({@link OpenBlasCore}); and, where the machine has one, a C allocator that does not hoard freed memory as
 * glibc's does ({@link Malloc}, preloaded). Environment variables must be set before the JVM loads the native
 * libraries (a preloaded allocator before the process starts), and the kernels' Vector API module before the JVM
 * starts ({@link VectorApi}), so when they are missing the launcher re-executes itself once with them set, adding
 * the JVM options that keep the Java heap small and JavaCPP's allocations cheap ({@link JvmOptions}); users never
 * need to know.
 */
public final class NativeEnvironment {
    /** The settings every processor gets ({@link #settings()} adds the processor-specific one). */
    public static final Map<String, String> SETTINGS = Map.of(
            "OMP_WAIT_POLICY", "PASSIVE",
            "OPENBLAS_THREAD_TIMEOUT", "17");
    private static final String MARKER = "TUBELET_NATIVE_ENV";

    private NativeEnvironment() {
    }

    /**
     * {@link #SETTINGS} and, where Tubelet chooses them for this machine, OpenBLAS's core type and the allocator to
     * preload ({@link Malloc#toPreload()}).
     *
     * @throws IllegalArgumentException when {@value Malloc#VARIABLE} names no allocator Tubelet knows
     * @throws IllegalStateException    when it names one this machine does not have
     */
    public static Map<String, String> settings() {
        Map<String, String> all = new TreeMap<>(SETTINGS);
        OpenBlasCore.forThisProcessor().ifPresent(c -> all.put(OpenBlasCore.VARIABLE, c.openBlasName()));
        Malloc.toPreload().ifPresent(p -> all.put(Malloc.PRELOAD, p.toString()));
        return all;
    }

    /**
     * The launcher's first step, before ND4J loads: when a setting is missing from this JVM's environment, or the
     * JVM was started without the kernels' Vector API module ({@link VectorApi}), re-executes the JVM once with them
     * added (user-set values win; {@code --add-modules} only if {@value VectorApi#VARIABLE} is not {@code off}; the
     * {@link JvmOptions} the user did not set themselves) and
     * returns the child's exit code, for the caller to exit with. Empty to go on in this JVM: every setting present
     * and the module resolved, the user turned the relaunch off with {@code TUBELET_NATIVE_ENV=off} (or this is the
     * relaunched JVM), or this JVM's command line cannot be recovered.
     *
     * @param args the program's arguments, as {@code main} got them
     * @throws IllegalArgumentException as {@link #settings()}
     * @throws IllegalStateException    as {@link #settings()}
     */
    public static Optional<Integer> relaunchIfNeeded(String[] args) {
        if (System.getenv(MARKER) != null) {
            return Optional.empty();
        }
        Map<String, String> settings = settings();
        if (settings.keySet().stream().allMatch(k -> System.getenv(k) != null) && !vectorModuleMissing()) {
            return Optional.empty();
        }
        return relaunch(args, settings);
    }

    /** True if the kernels would use the Vector API but this JVM was started without its module. */
    private static boolean vectorModuleMissing() {
        return !VectorApi.moduleResolved() && !VectorApi.turnedOff();
    }

    private static Optional<Integer> relaunch(String[] args, Map<String, String> settings) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> java = info.command();
        Optional<String[]> jvmArgs = info.arguments();
        if (java.isEmpty() || jvmArgs.isEmpty()) {
            return Optional.empty();
        }
        // info.arguments() holds JVM options, the main class or -jar, and the program arguments; keep all of it.
        List<String> all = List.of(jvmArgs.get());
        if (all.size() < args.length || !all.subList(all.size() - args.length, all.size()).equals(List.of(args))) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(JvmOptions.toAdd(all, System.getenv()));
        if (vectorModuleMissing()) {
            cmd.add("--add-modules=" + VectorApi.MODULE);
        }
        cmd.addAll(all);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        settings.forEach((k, v) -> pb.environment().putIfAbsent(k, v));
        pb.environment().put(MARKER, "1");
        pb.directory(Path.of("").toAbsolutePath().toFile());
        try {
            Process p = pb.start();
            return Optional.of(p.waitFor());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(1);
        }
    }
}
