package org.tubelet.run.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tubelet.engine.Malloc;

/**
 * Settings known to cost speed, found in a {@link Diagnosis}'s facts: each warning says what is wrong and what to do.
 * <ul>
 * <li>ND4J's native build below what the processor runs (the generic build on an AVX2 processor);</li>
 * <li>an OpenBLAS core without AVX2 kernels on a processor with AVX2 (a virtual machine that hides the processor's
 * family makes OpenBLAS fall back to e.g. {@code Barcelona} or {@code Prescott}, without AVX2 kernels for
 * {@code sgemm});</li>
 * <li>a native memory limit (JavaCPP's, from {@code -Xmx}) below the recipe's estimated need: ND4J then calls the
 * garbage collector again and again, or fails;</li>
 * <li>glibc's allocator on a machine without tcmalloc: the launcher preloads tcmalloc where it is installed, which
 * keeps the resident memory of a training step about a quarter lower.</li>
 * </ul>
 */
public final class Advice {
    /** OpenBLAS cores with AVX2 (and FMA) kernels; SkylakeX and later add AVX-512 ones. */
    static final Set<String> AVX2_CORES = Set.of("Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids");

    private Advice() {
    }

    public static List<String> warnings(Diagnosis.Cpu cpu, Diagnosis.Nd4j nd4j, Diagnosis.OpenBlas blas,
                                        Diagnosis.Memory memory, Diagnosis.RecipeNeed need) {
        List<String> w = new ArrayList<>();
        List<String> order = List.of("generic", "avx2", "avx512");
        if (cpu.bestNd4jBuild() != null && order.contains(nd4j.build())
                && order.indexOf(nd4j.build()) < order.indexOf(cpu.bestNd4jBuild())) {
            w.add("ND4J loaded its " + nd4j.build() + " build on a processor that runs its " + cpu.bestNd4jBuild()
                    + " build: remove -Dorg.bytedeco.javacpp.platform.extension (Tubelet picks the build itself)");
        }
        if (blas.core() != null && cpu.vectorFlags().contains("avx2") && !AVX2_CORES.contains(blas.core())) {
            String suggested = cpu.model() != null && cpu.model().toUpperCase(Locale.ROOT).contains("AMD")
                    ? "Zen" : "Haswell";
            w.add("OpenBLAS uses its " + blas.core() + " kernels (" + blas.coreSource() + ") on a processor with "
                    + "AVX2: its matrix products can be much slower than with the AVX2 kernels; set OPENBLAS_CORETYPE="
                    + suggested + " before starting Java");
        }
        if (need != null && need.trainingBytes() > memory.nativeLimit()) {
            w.add(String.format(Locale.ROOT, "recipe %s needs about %s for a training step at batch size %d, but "
                    + "ND4J may allocate only %s: raise -Xmx (or -Dorg.bytedeco.javacpp.maxbytes) above that, or "
                    + "lower data.batch_size", need.name(), gib(need.trainingBytes()), need.batchSize(),
                    gib(memory.nativeLimit())));
        }
        if (need != null && memory.physicalTotal() != null && need.trainingBytes() > memory.physicalTotal()) {
            w.add(String.format(Locale.ROOT, "recipe %s needs about %s for a training step but the machine has %s of "
                    + "memory: lower data.batch_size (optim.accumulate_steps keeps the effective batch)", need.name(),
                    gib(need.trainingBytes()), gib(memory.physicalTotal())));
        }
        if (Malloc.Implementation.GLIBC.id().equals(memory.malloc()) && !memory.tcmallocInstalled()) {
            w.add("the C allocator is glibc's, which keeps memory a training step frees (about a third of the "
                    + "resident memory of VideoMAE pretraining): install tcmalloc (Debian/Ubuntu: apt-get install "
                    + Malloc.Implementation.TCMALLOC.debianPackage() + ") and the launcher preloads it");
        }
        return w;
    }

    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
