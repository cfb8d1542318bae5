package org.tubelet.engine;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.javacpp.Loader;

/**
 * Which of ND4J's CPU builds ({@code libnd4jcpu}) to load: the AVX-512 one, the AVX2 one or the generic one.
 *
 * <p>Tubelet ships all three. Left to itself, JavaCPP loads the first build it finds on the class path, the AVX-512
 * one, whatever the processor: on a processor without AVX-512 (a virtual machine that hides it, an AMD Zen 3) the
 * library's static initialisers then die of an illegal instruction ({@code SIGILL} in
 * {@code HashHelper::getInstance}) before any Java code can catch it. So the build is chosen from the processor's flags
 * before ND4J loads, through JavaCPP's {@code org.bytedeco.javacpp.platform.extension} property. JavaCPP's other
 * libraries (FFmpeg, OpenBLAS) have no such builds and fall back to their only one (OpenBLAS carries all its kernels
 * in it and picks one at load time: {@link OpenBlasCore}).
 *
 * <p>{@link #select()} must run before the first ND4J class loads: {@link Engine#install()} runs it first, and the CLI's
 * {@code main}, the test suite's launcher listener and Java users call that. A value the user set ({@code -Dorg.bytedeco.javacpp.platform
 * .extension=-avx2}, or empty for the generic build) is kept.
 */
public final class NativeBuild {
    private static final Logger LOG = LogManager.getLogger(NativeBuild.class);

    /** JavaCPP's system property naming the library suffix to load. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** JavaCPP's name of ND4J's native library. */
    private static final String LIBRARY = "nd4jcpu";

    /** A libnd4j build and the processor flags its compiler flags assume. */
    public enum Variant {
        /** {@code -march=skylake-avx512}: AVX-512 F/CD/BW/DQ/VL on top of the AVX2 build's flags. */
        AVX512("-avx512", Flags.plusHaswell("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")),
        /** {@code -march=haswell}: AVX2, FMA, F16C, BMI. */
        AVX2("-avx2", Flags.plusHaswell()),
        /** Plain x86-64. */
        GENERIC("", List.of());

        private final String extension;
        private final List<String> requiredFlags;

        Variant(String extension, List<String> requiredFlags) {
            this.extension = extension;
            this.requiredFlags = requiredFlags;
        }

        /** The suffix of the library's classifier and folder, {@code ""} for the generic build. */
        public String extension() {
            return extension;
        }

        boolean runsOn(Set<String> flags) {
            return flags.containsAll(requiredFlags);
        }

        /** The flags of {@code -march=haswell}, which both vector builds need (a holder: enum constants come first). */
        private static final class Flags {
            private static final List<String> HASWELL = List.of("avx2", "fma", "f16c", "bmi1", "bmi2");

            static List<String> plusHaswell(String... more) {
                return Stream.concat(HASWELL.stream(), Arrays.stream(more)).toList();
            }
        }
    }

    private NativeBuild() {
    }

    /** The fastest build whose instructions the processor with these {@code /proc/cpuinfo} flags has. */
    public static Variant forFlags(Set<String> flags) {
        return Arrays.stream(Variant.values()).filter(v -> v.runsOn(flags)).findFirst().orElse(Variant.GENERIC);
    }

    /**
     * Sets {@link #PROPERTY} to the build this processor runs, unless it is set already or the processor's flags are
     * unknown (not Linux: JavaCPP's own choice stands). Idempotent; returns the property's value afterwards.
     */
    public static synchronized Optional<String> select() {
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            return Optional.of(set);
        }
        Optional<Processor> processor = Processor.local();
        if (processor.isEmpty()) {
            LOG.debug("No processor flags in /proc/cpuinfo: JavaCPP picks ND4J's native build");
            return Optional.empty();
        }
        Variant v = forFlags(processor.get().flags());
        System.setProperty(PROPERTY, v.extension());
        LOG.debug("ND4J native build: {} (from the flags of the {})", v, processor.get());
        return Optional.of(v.extension());
    }

    /**
     * The build this process loaded, from the folder JavaCPP loaded {@code libnd4jcpu} from; empty before ND4J loads
     * (or with another backend).
     */
    public static Optional<Variant> loaded() {
        String path = Loader.getLoadedLibraries().get(LIBRARY);
        if (path == null) {
            return Optional.empty();
        }
        String folder = Path.of(path).getParent().getFileName().toString();   // linux-x86_64-avx512
        return Arrays.stream(Variant.values())
                .filter(v -> !v.extension().isEmpty() && folder.endsWith(v.extension()))
                .findFirst()
                .or(() -> Optional.of(Variant.GENERIC));
    }
}
