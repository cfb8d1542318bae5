package org.tubelet.engine;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.javacpp.Loader;

/**
 * Which of OpenBLAS's kernel sets (its "core types") the bundled OpenBLAS runs: chosen from the processor's flags,
 * as OpenBLAS 0.3.21 and later choose it, instead of left to the bundled 0.3.19's own detection.
 *
 * <p>The bundled OpenBLAS (0.3.19, from JavaCPP 1.5.7) carries the kernels of every x86 generation and picks one when
 * it loads, from the processor's vendor and family. Families newer than it fall through its table: an AMD Zen 5
 * (family 26, AVX-512) gets the Barcelona kernels (SSE3, 2007), 4× slower than the SkylakeX ones on the products of
 * a bench-s ViViT layer and 2–3× on its forward pass and training step (BENCHMARKS.md, issue 19), and a Zen 4
 * (AVX-512) the AVX2 ones. The choice here: a processor
 * with everything ND4J's AVX-512 build needs (AVX-512 F/CD/BW/DQ/VL, {@link NativeBuild.Variant#AVX512}) gets
 * {@link Core#SKYLAKEX}; one with what its AVX2 build needs gets {@link Core#ZEN} (AMD) or {@link Core#HASWELL}
 * (others); anything older keeps OpenBLAS's own choice, which knows those processors.
 *
 * <p>OpenBLAS reads its choice from the environment variable {@value #VARIABLE}, once, when the library loads. So the
 * CLI's launcher puts it into the environment it re-executes with ({@link NativeEnvironment#settings()}), and
 * {@link Engine#install()} sets it in this process's own C environment ({@link #select()}) before ND4J loads, for the
 * test suite and Java programs that use Tubelet as a library. A value the user set always wins.
 * {@link #running()} reads back the core each loaded OpenBLAS runs ({@code openblas_get_corename()}, which JavaCPP's
 * preset does not bind, called through JNA, which ND4J already ships).
 */
public final class OpenBlasCore {
    private static final Logger LOG = LogManager.getLogger(OpenBlasCore.class);

    /** OpenBLAS's environment variable naming the core type to run. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** How JavaCPP's names of its OpenBLAS libraries start ({@code openblas@.0}, {@code openblas_nolapack@.0}). */
    private static final String LIBRARY_PREFIX = "openblas";
    /** {@code dlopen} flags: resolve lazily and never load a library that is not loaded already. */
    private static final int RTLD_LAZY_NOLOAD = 0x1 | 0x4;

    /** The core types Tubelet chooses, by the names OpenBLAS 0.3.19 accepts in {@value #VARIABLE}. */
    public enum Core {
        /** AVX-512 kernels (Intel Skylake-SP and later, AMD Zen 4 and 5). 0.3.19 runs the same single-precision
         * kernels for its Cooperlake core, whose name its {@value #VARIABLE} does not accept. */
        SKYLAKEX("SkylakeX"),
        /** AVX2 + FMA kernels with Intel's cache sizes. */
        HASWELL("Haswell"),
        /** The Haswell kernels with AMD Zen's cache sizes. */
        ZEN("Zen");

        private final String openBlasName;

        Core(String openBlasName) {
            this.openBlasName = openBlasName;
        }

        /** The name {@value #VARIABLE} takes and {@code openblas_get_corename()} returns. */
        public String openBlasName() {
            return openBlasName;
        }
    }

    private OpenBlasCore() {
    }

    /** The core for a processor, or empty where OpenBLAS's own choice stands (no AVX2). */
    public static Optional<Core> forProcessor(Processor p) {
        return switch (NativeBuild.forFlags(p.flags())) {
            case AVX512 -> Optional.of(Core.SKYLAKEX);
            case AVX2 -> Optional.of(p.isAmd() ? Core.ZEN : Core.HASWELL);
            case GENERIC -> Optional.empty();
        };
    }

    /** The core for this machine's processor, or empty where OpenBLAS's own choice stands. */
    public static Optional<Core> forThisProcessor() {
        return Processor.local().flatMap(OpenBlasCore::forProcessor);
    }

    /**
     * Sets {@value #VARIABLE} in this process's C environment to {@link #forThisProcessor()}, unless it is set
     * already (by the user, or by the launcher), OpenBLAS has loaded already (too late: a warning says so) or there
     * is nothing to choose. Must run before ND4J loads; {@link Engine#install()} calls it. Idempotent.
     *
     * @return the variable's value afterwards, empty when unset
     */
    public static synchronized Optional<String> select() {
        String set = System.getenv(VARIABLE);
        if (set != null) {
            return Optional.of(set);
        }
        Optional<Core> core = forThisProcessor();
        if (core.isEmpty()) {
            return Optional.empty();
        }
        if (!loadedLibraries().isEmpty()) {
            LOG.warn("OpenBLAS was loaded before Engine.install(): it runs its own choice of kernels, not {} "
                    + "(call Engine.install() before ND4J loads, or set {}={})", core.get().openBlasName(), VARIABLE,
                    core.get().openBlasName());
            return Optional.empty();
        }
        try {
            // overwrite = 0: a value set in the C environment since the JVM started stays
            int rc = Function.getFunction("c", "setenv").invokeInt(
                    new Object[]{VARIABLE, core.get().openBlasName(), 0});
            String now = Function.getFunction("c", "getenv").invokeString(new Object[]{VARIABLE}, false);
            if (rc != 0 || now == null) {
                LOG.warn("Could not set {}={} (setenv returned {}): OpenBLAS picks its own kernels", VARIABLE,
                        core.get().openBlasName(), rc);
            } else {
                LOG.debug("OpenBLAS core type {} for the {}", now, Processor.local().orElseThrow());
            }
            return Optional.ofNullable(now);
        } catch (LinkageError | RuntimeException e) {
            // JNA could not load its stub (a temporary folder mounted noexec) or find the function
            LOG.warn("Could not set {}={} ({}): OpenBLAS picks its own kernels", VARIABLE,
                    core.get().openBlasName(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The core each OpenBLAS this process loaded runs, by JavaCPP's library name: ND4J loads two copies
     * ({@code openblas}, which libnd4j calls, and {@code openblas_nolapack}, which Tubelet's kernels call). Empty
     * before ND4J loads or where the name cannot be read.
     */
    public static Map<String, String> running() {
        Map<String, String> cores = new TreeMap<>();
        loadedLibraries().forEach((name, path) -> {
            try {
                cores.put(name, open(path).getFunction("openblas_get_corename").invokeString(new Object[0], false));
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("Could not read the OpenBLAS core of {}: {}", path, e.toString());
            }
        });
        return cores;
    }

    /** {@link #running()} in a few words: the core's name when all copies agree, else each copy's, or "unknown". */
    public static String describeRunning() {
        Map<String, String> cores = running();
        if (cores.isEmpty()) {
            return "unknown";
        }
        if (cores.values().stream().distinct().count() == 1) {
            return cores.values().iterator().next();
        }
        return cores.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * The loaded OpenBLAS copy JavaCPP names {@code name} ({@code openblas_nolapack}: the kernels'), for reaching
     * symbols its preset does not bind; empty if it is not loaded.
     *
     * @throws LinkageError when JNA cannot load its stub
     */
    static Optional<NativeLibrary> loaded(String name) {
        return Optional.ofNullable(loadedLibraries().get(name)).map(OpenBlasCore::open);
    }

    /** The library at {@code path}, opened without loading it if it is not loaded already. */
    private static NativeLibrary open(String path) {
        return NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY_NOLOAD));
    }

    /** JavaCPP's OpenBLAS libraries loaded in this process: name (without version) → file. */
    private static Map<String, String> loadedLibraries() {
        Map<String, String> libs = new TreeMap<>();
        Loader.getLoadedLibraries().forEach((name, path) -> {
            String base = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
            if (base.startsWith(LIBRARY_PREFIX) && path != null) {
                libs.put(base, path);
            }
        });
        return libs;
    }
}
