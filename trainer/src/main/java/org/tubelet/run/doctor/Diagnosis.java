package org.tubelet.run.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What {@code doctor} found: what a bug report needs and what decides speed. Sizes are bytes; a value that could
 * not be found is null (JSON {@code null}).
 *
 * @param tubelet          Tubelet's version
 * @param dl4j             Deeplearning4j's version (nd4j-api)
 * @param java             the JVM
 * @param cpu              the processor
 * @param nd4j             ND4J's backend and the native build it loaded
 * @param openblas         OpenBLAS: version, the core (kernel set) in use, threads
 * @param threads          thread settings
 * @param nativeEnvironment the native-library environment variables (OMP_*, OPENBLAS_*, ...) of this process
 * @param ffmpeg           FFmpeg's version and codecs
 * @param gpus             CUDA devices (empty with the CPU backend)
 * @param memory           physical memory, the native memory limit and the C allocator
 * @param disk             the run folder's file system
 * @param recipe           a recipe's estimated training memory, when one was given
 * @param warnings         settings known to cost speed, each with what to do
 */
public record Diagnosis(String tubelet, String dl4j, Java java, Cpu cpu, Nd4j nd4j, OpenBlas openblas,
                        Threads threads, Map<String, String> nativeEnvironment, Ffmpeg ffmpeg, List<String> gpus,
                        Memory memory, Disk disk, RecipeNeed recipe, List<String> warnings) {

    /**
     * @param vectorApi  whether the kernels use Java's Vector API, and its width ({@code VectorApi.describe()})
     * @param jvmOptions the young-generation cap, collection time ratio and JavaCPP's RSS check
     *                   ({@code JvmOptions.describe()})
     */
    public record Java(String version, String vendor, String vm, long maxHeap, String vectorApi, String jvmOptions) {
    }

    /**
     * @param vectorFlags   the SIMD flags among {@code /proc/cpuinfo}'s, e.g. avx2, fma, avx512f
     * @param bestNd4jBuild the fastest ND4J build this process may run: the flags' own, or lower under jvmAvxLimit
     * @param jvmAvxLimit   the {@code -XX:UseAVX} level the JVM was started with, which Tubelet's native choices
     *                      follow ({@code Processor.local()}); null when not set
     */
    public record Cpu(String model, int cores, List<String> vectorFlags, String bestNd4jBuild, Integer jvmAvxLimit) {
    }

    /** @param build {@code generic}, {@code avx2} or {@code avx512} (CPU), or {@code cuda} */
    public record Nd4j(String backend, String build, String library, String blasVendor) {
    }

    /** @param coreSource {@code OPENBLAS_CORETYPE} when set, otherwise {@code detected} */
    public record OpenBlas(String version, String core, String coreSource, Integer threads) {
    }

    public record Threads(int availableProcessors, int nd4jThreads, int nd4jMasterThreads, int blasThreads,
                          String ompNumThreads, String openblasNumThreads) {
    }

    public record Ffmpeg(String version, String libavcodec, Map<String, Boolean> decoders,
                         Map<String, Boolean> encoders) {
    }

    /**
     * @param nativeLimit       what JavaCPP lets ND4J allocate off the heap ({@code -Xmx} unless set otherwise)
     * @param nativePhysicalLimit the resident size past which JavaCPP collects garbage before it allocates (0: not
     *                          checked, as the launcher sets it, {@code JvmOptions})
     * @param malloc            the C allocator this process runs ({@code glibc}, {@code tcmalloc}, {@code jemalloc},
     *                          {@code unknown})
     * @param tcmallocInstalled whether the machine has tcmalloc, which the launcher preloads
     */
    public record Memory(Long physicalTotal, Long physicalAvailable, long nativeLimit, long nativePhysicalLimit,
                         String malloc, boolean tcmallocInstalled) {
    }

    public record Disk(String path, long free, long total) {
    }

    /** @param trainingBytes {@link org.tubelet.models.zoo.TrainingMemory}'s estimate for one step at the batch size */
    public record RecipeNeed(String name, String architecture, long parameters, int batchSize, long trainingBytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** As JSON with snake_case keys ({@code doctor --json}). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@code key: value} lines, sections in order, warnings last. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        JsonNode tree = JSON.valueToTree(this);
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("warnings")) {
                flatten(e.getKey(), e.getValue(), b);
            }
        }
        if (warnings.isEmpty()) {
            b.append("no warnings\n");
        }
        for (String w : warnings) {
            b.append("WARNING: ").append(w).append('\n');
        }
        return b.toString();
    }

    private static void flatten(String key, JsonNode v, StringBuilder b) {
        if (v.isObject() && !v.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(key + "." + e.getKey(), e.getValue(), b);
            }
        } else if (v.isArray()) {
            StringBuilder items = new StringBuilder();
            v.forEach(i -> items.append(items.isEmpty() ? "" : ", ").append(i.isTextual() ? i.asText() : i.toString()));
            b.append(String.format("%-40s %s%n", key, items));
        } else if (!v.isNull() && !v.isObject()) {
            b.append(String.format("%-40s %s%n", key, v.asText()));
        }
    }
}
