package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.OpenBlasCore.Core;

class OpenBlasCoreTest {
    /** This project's bench machine: an AMD EPYC Zen 5 VM (the flags trimmed). */
    private static final String ZEN5 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            flags\t\t: fpu sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 bmi2 avx512f avx512dq avx512ifma avx512cd \
            avx512bw avx512vl avx512_bf16 avx512vbmi
            """;
    private static final String ZEN3 = """
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            flags\t\t: fpu sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 bmi2
            """;
    private static final String HASWELL = """
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            flags\t\t: fpu sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 bmi2
            """;
    /** Knights Landing: AVX-512 F and CD, but not BW, DQ or VL. */
    private static final String KNIGHTS_LANDING = """
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            flags\t\t: fpu sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 bmi2 avx512f avx512cd avx512pf avx512er
            """;
    private static final String SANDY_BRIDGE = """
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            flags\t\t: fpu sse2 ssse3 sse4_1 sse4_2 avx
            """;

    /** OpenBLAS 0.3.19's cores with AVX2 kernels, and those among them with AVX-512 ones. */
    private static final Set<String> AVX2_CORES = Set.of("Haswell", "Zen", "SkylakeX", "Cooperlake");
    private static final Set<String> AVX512_CORES = Set.of("SkylakeX", "Cooperlake");

    private static Optional<Core> coreFor(String cpuinfo) {
        return OpenBlasCore.forProcessor(Processor.parse(cpuinfo).orElseThrow());
    }

    @Test
    void avx512ProcessorsGetTheSkylakeXKernels() {
        Processor zen5 = Processor.parse(ZEN5).orElseThrow();
        assertEquals("AuthenticAMD", zen5.vendor());
        assertEquals(26, zen5.family());
        assertEquals(Optional.of(Core.SKYLAKEX), coreFor(ZEN5));
        assertEquals("SkylakeX", Core.SKYLAKEX.openBlasName());
    }

    @Test
    void avx2ProcessorsGetZenOnAmdAndHaswellElsewhere() {
        assertEquals(Optional.of(Core.ZEN), coreFor(ZEN3));
        assertEquals(Optional.of(Core.HASWELL), coreFor(HASWELL));
        // no AVX-512 BW/DQ/VL, which the SkylakeX kernels are compiled for
        assertEquals(Optional.of(Core.HASWELL), coreFor(KNIGHTS_LANDING));
    }

    @Test
    void aJvmAvxLimitTakesTheFlagsAboveItAway() {
        Processor zen5 = Processor.parse(ZEN5).orElseThrow();
        assertEquals(zen5, zen5.heldTo(3));
        Processor avx2 = zen5.heldTo(2);                 // -XX:UseAVX=2: a Zen 3 to OpenBLAS and ND4J
        assertTrue(avx2.flags().stream().noneMatch(f -> f.startsWith("avx512")), avx2.flags().toString());
        assertTrue(avx2.flags().containsAll(Set.of("avx2", "fma", "sse4_2")), avx2.flags().toString());
        assertEquals(Optional.of(Core.ZEN), OpenBlasCore.forProcessor(avx2));
        assertEquals(NativeBuild.Variant.AVX2, NativeBuild.forFlags(avx2.flags()));
        assertEquals(Optional.empty(), OpenBlasCore.forProcessor(zen5.heldTo(1)));
        assertEquals(NativeBuild.Variant.GENERIC, NativeBuild.forFlags(zen5.heldTo(1).flags()));
        assertTrue(zen5.heldTo(0).flags().stream().noneMatch(f -> f.startsWith("avx") || f.equals("fma")));
        assertEquals(Optional.of(Core.HASWELL), OpenBlasCore.forProcessor(
                Processor.parse(HASWELL).orElseThrow().heldTo(2)));
    }

    @Test
    void olderProcessorsKeepOpenBlasOwnChoice() {
        assertEquals(Optional.empty(), coreFor(SANDY_BRIDGE));
    }

    @Test
    void theLauncherPassesTheCoreTypeWithItsOtherSettings() {
        Map<String, String> settings = NativeEnvironment.settings();
        assertTrue(settings.entrySet().containsAll(NativeEnvironment.SETTINGS.entrySet()), settings.toString());
        assertEquals(OpenBlasCore.forThisProcessor().map(Core::openBlasName),
                Optional.ofNullable(settings.get(OpenBlasCore.VARIABLE)));
    }

    /**
     * The core OpenBLAS runs in this test JVM, where the launcher listener installed the engine before ND4J loaded:
     * on a processor with AVX2 it is never one of OpenBLAS's older fallbacks (0.3.19 runs Barcelona's SSE3 kernels
     * on a Zen 5), and with AVX-512 F/BW/VL/DQ it is one of the AVX-512 cores; a core type the user set wins.
     * The processor's flags are read here from {@code /proc/cpuinfo}, not through the code under test.
     */
    @Test
    void openBlasRunsKernelsForThisProcessor() throws Exception {
        Loader.load(openblas_nolapack.class);
        assertEquals(8.0, Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2)).sumNumber().doubleValue(), 0.0);  // ND4J's OpenBLAS
        Map<String, String> cores = OpenBlasCore.running();
        String user = System.getenv(OpenBlasCore.VARIABLE);     // the JVM's start-up environment: the user's own
        Set<String> flags = flagsOfThisMachine();      // less those a -XX:UseAVX the suite was started with holds back
        if (Processor.jvmAvxLimit().isPresent()) {
            flags = new Processor("", -1, flags).heldTo(Processor.jvmAvxLimit().getAsInt()).flags();
        }
        // stated in the build's output and the test report, whatever the outcome
        System.out.println("OpenBLAS core on this machine: " + cores + " (" + OpenBlasCore.VARIABLE
                + " set by the user: " + user + "; flags avx2 " + flags.contains("avx2") + ", avx512f "
                + flags.contains("avx512f") + ")");
        assertEquals(Set.of("openblas", "openblas_nolapack"), cores.keySet(), cores.toString());
        assertEquals(1, Set.copyOf(cores.values()).size(), "both copies of OpenBLAS run the same core: " + cores);
        String core = cores.get("openblas_nolapack");
        if (user != null) {
            assertTrue(core.equalsIgnoreCase(user), "the user's " + OpenBlasCore.VARIABLE + "=" + user
                    + " must win, OpenBLAS runs " + core);
        } else if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            assertTrue(AVX512_CORES.contains(core), "AVX-512 processor, OpenBLAS runs " + core);
        } else if (flags.containsAll(Set.of("avx2", "fma"))) {
            assertTrue(AVX2_CORES.contains(core), "AVX2 processor, OpenBLAS runs the fallback " + core);
        }
        assertEquals(core, OpenBlasCore.describeRunning());
    }

    private static Set<String> flagsOfThisMachine() throws Exception {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        return Files.readAllLines(cpuinfo).stream()
                .filter(l -> l.matches("flags\\s*:.*"))
                .findFirst()
                .map(l -> Arrays.stream(l.split(":", 2)[1].trim().split("\\s+")).collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}
