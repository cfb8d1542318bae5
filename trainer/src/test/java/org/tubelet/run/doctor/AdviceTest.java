package org.tubelet.run.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each warning fires on the setting it is about and only then. */
class AdviceTest {
    private static final Diagnosis.Cpu AVX2 = new Diagnosis.Cpu("Intel(R) Xeon(R) CPU", 8,
            List.of("sse4_2", "avx", "fma", "avx2"), "avx2", null);
    private static final Diagnosis.Cpu OLD = new Diagnosis.Cpu("Intel(R) Core(TM)2", 2, List.of("sse4_2"), "generic",
            null);
    private static final Diagnosis.Nd4j ND4J_AVX2 = new Diagnosis.Nd4j("CpuBackend", "avx2", "/x/libnd4jcpu.so", "OPENBLAS");
    private static final Diagnosis.Memory GIB_4 = new Diagnosis.Memory(16L << 30, 8L << 30, 4L << 30, 16L << 30,
            "tcmalloc", true);

    private static Diagnosis.OpenBlas core(String name) {
        return new Diagnosis.OpenBlas("0.3.19", name, "detected", 8);
    }

    @Test
    void aCoreWithoutAvx2KernelsOnAnAvx2ProcessorIsReportedWithTheVariableToSet() {
        List<String> w = Advice.warnings(AVX2, ND4J_AVX2, core("Barcelona"), GIB_4, null);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("Barcelona") && w.get(0).contains("OPENBLAS_CORETYPE=Haswell"), w.get(0));
        Diagnosis.Cpu amd = new Diagnosis.Cpu("AMD EPYC 7B13", 8, AVX2.vectorFlags(), "avx2", null);
        assertTrue(Advice.warnings(amd, ND4J_AVX2, core("Prescott"), GIB_4, null).get(0)
                .contains("OPENBLAS_CORETYPE=Zen"));
        for (String good : List.of("Haswell", "Zen", "SkylakeX", "Cooperlake")) {
            assertEquals(List.of(), Advice.warnings(AVX2, ND4J_AVX2, core(good), GIB_4, null), good);
        }
        assertEquals(List.of(), Advice.warnings(OLD, new Diagnosis.Nd4j("CpuBackend", "generic", null, null),
                core("Core2"), GIB_4, null), "an old core on an old processor is all there is");
    }

    @Test
    void aGenericNd4jBuildOnAnAvx2ProcessorIsReported() {
        List<String> w = Advice.warnings(AVX2, new Diagnosis.Nd4j("CpuBackend", "generic", null, null),
                core("Haswell"), GIB_4, null);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("generic build") && w.get(0).contains("avx2 build"), w.get(0));
    }

    @Test
    void aRecipeNeedingMoreThanNd4jMayAllocateIsReported() {
        var small = new Diagnosis.RecipeNeed("r", "VivitForVideoClassification", 1000, 8, 3L << 30);
        assertEquals(List.of(), Advice.warnings(AVX2, ND4J_AVX2, core("Haswell"), GIB_4, small));
        var big = new Diagnosis.RecipeNeed("r", "VivitForVideoClassification", 1000, 64, 5L << 30);
        List<String> w = Advice.warnings(AVX2, ND4J_AVX2, core("Haswell"), GIB_4, big);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("5.00 GiB") && w.get(0).contains("4.00 GiB") && w.get(0).contains("-Xmx"),
                w.get(0));
        var huge = new Diagnosis.RecipeNeed("r", "VivitForVideoClassification", 1000, 512, 40L << 30);
        assertEquals(2, Advice.warnings(AVX2, ND4J_AVX2, core("Haswell"), GIB_4, huge).size(),
                "over the limit and over the machine's memory");
    }

    @Test
    void glibcsAllocatorIsReportedOnlyWhereTcmallocIsMissing() {
        var glibcOnly = new Diagnosis.Memory(16L << 30, 8L << 30, 4L << 30, 16L << 30, "glibc", false);
        List<String> w = Advice.warnings(AVX2, ND4J_AVX2, core("Haswell"), glibcOnly, null);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("glibc") && w.get(0).contains("libtcmalloc-minimal4"), w.get(0));
        var chosen = new Diagnosis.Memory(16L << 30, 8L << 30, 4L << 30, 16L << 30, "glibc", true);
        assertEquals(List.of(), Advice.warnings(AVX2, ND4J_AVX2, core("Haswell"), chosen, null),
                "tcmalloc installed: glibc's allocator was the user's choice (TUBELET_MALLOC=glibc)");
    }
}
