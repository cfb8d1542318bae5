package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.NativeBuild.Variant;

class NativeBuildTest {
    private static final String ZEN4_VM = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu sse2 ssse3 fma sse4_1 sse4_2 movbe popcnt avx f16c abm bmi1 avx2 bmi2 vaes
            bugs\t\t: sysret_ss_attrs
            """;

    @Test
    void processorWithoutAvx512GetsTheAvx2Build() {
        Set<String> flags = Processor.parse(ZEN4_VM).orElseThrow().flags();
        assertTrue(flags.contains("avx2") && !flags.contains("avx512f"), flags.toString());
        assertEquals(Variant.AVX2, NativeBuild.forFlags(flags));
    }

    @Test
    void avx512NeedsEveryFlagOfSkylakeAvx512() {
        Set<String> avx2 = Set.of("avx2", "fma", "f16c", "bmi1", "bmi2");
        Set<String> full = new java.util.HashSet<>(avx2);
        full.addAll(Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"));
        assertEquals(Variant.AVX512, NativeBuild.forFlags(full));
        full.remove("avx512bw");                         // Knights Landing has F/CD but not BW/DQ/VL
        assertEquals(Variant.AVX2, NativeBuild.forFlags(full));
        assertEquals(Variant.GENERIC, NativeBuild.forFlags(Set.of("sse2", "avx")));
        assertEquals("", Variant.GENERIC.extension());
    }

    @Test
    void noFlagsLineMeansUnknown() {
        assertTrue(Processor.parse("processor : 0\nBogoMIPS : 100\n").isEmpty());
    }

    @Test
    void theProcessorIsReadFromItsFirstEntry() {
        String twoProcessors = ZEN4_VM + "\nprocessor\t: 1\nvendor_id\t: Other\nflags\t\t: sse2\n";
        Processor p = Processor.parse(twoProcessors).orElseThrow();
        assertEquals("AuthenticAMD", p.vendor());
        assertEquals(-1, p.family());                    // no "cpu family" line
        assertTrue(p.isAmd() && p.flags().contains("avx2") && !p.flags().contains("bugs"), p.flags().toString());
    }

    @Test
    void theSuiteRunsOnTheBuildThisProcessorSupports() throws Exception {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return; // not Linux: JavaCPP's choice stands and nothing here applies
        }
        Variant expected = NativeBuild.forFlags(Processor.parse(Files.readString(cpuinfo)).orElseThrow().flags());
        // Set by TestNativeBuild before discovery loaded any class that loads ND4J.
        assertEquals(expected.extension(), System.getProperty(NativeBuild.PROPERTY));
        assertEquals(8.0, Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2)).sumNumber().doubleValue(), 0.0);
        assertEquals(Optional.of(expected), NativeBuild.loaded());
    }
}
