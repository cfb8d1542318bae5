package org.tubelet.run.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.engine.JvmOptions;
import org.tubelet.engine.NativeBuild;
import org.tubelet.engine.Malloc;
import org.tubelet.engine.OpenBlasCore;
import org.tubelet.engine.Processor;
import org.tubelet.engine.VectorApi;

/**
 * Gathers the facts of a {@link Diagnosis} from this process: system properties, {@code /proc/cpuinfo}, ND4J's
 * environment and the native libraries JavaCPP loaded, the OpenBLAS core in use ({@link OpenBlasCore}), FFmpeg, JavaCPP's memory
 * figures and the run folder's file system. Loads ND4J (call {@code Engine.install()} first).
 */
public final class Probes {
    /** The SIMD flags worth reporting, in the order of their arrival. */
    static final List<String> VECTOR_FLAGS = List.of("sse4_2", "avx", "fma", "f16c", "avx2", "avx512f", "avx512cd",
            "avx512bw", "avx512dq", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile");
    /** Environment variables of the native libraries that decide speed. */
    static final List<String> ENV_PREFIXES = List.of("OMP_", "GOMP_", "KMP_", "OPENBLAS_", "MKL_", "TUBELET_",
            "CUDA_VISIBLE_DEVICES", "LD_PRELOAD", "TCMALLOC_", "MALLOC_");
    static final List<String> DECODERS = List.of("h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "theora", "mjpeg");
    static final List<String> ENCODERS = List.of("libx264", "mpeg4", "libvpx-vp9", "libtheora");

    private Probes() {
    }

    /**
     * @param runDir where runs go (its file system's free space); the nearest existing parent is measured
     * @param need   a recipe's estimated need, or null
     */
    public static Diagnosis diagnose(Path runDir, Diagnosis.RecipeNeed need) throws IOException {
        String cpuinfo = Files.isReadable(Path.of("/proc/cpuinfo")) ? Files.readString(Path.of("/proc/cpuinfo")) : "";
        Set<String> flags = Processor.hardware().map(Processor::flags).orElse(Set.of());
        // the build for the flags this process may use: fewer under a -XX:UseAVX it was started with
        Set<String> usable = Processor.local().map(Processor::flags).orElse(Set.of());
        String best = usable.isEmpty() ? null : build(NativeBuild.forFlags(usable).extension());
        OptionalInt limit = Processor.jvmAvxLimit();
        Diagnosis.Cpu cpu = new Diagnosis.Cpu(cpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(),
                VECTOR_FLAGS.stream().filter(flags::contains).toList(), best,
                limit.isPresent() ? limit.getAsInt() : null);
        Diagnosis.Nd4j nd4j = nd4j();
        Diagnosis.OpenBlas blas = openBlas();
        Diagnosis.Memory memory = memory();
        Diagnosis.Java java = new Diagnosis.Java(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory(), VectorApi.describe(), JvmOptions.describe());
        Diagnosis.Threads threads = new Diagnosis.Threads(Runtime.getRuntime().availableProcessors(),
                Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                Nd4j.factory().blas().getMaxThreads(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_NUM_THREADS"));
        return new Diagnosis(tubeletVersion(),
                version(Nd4j.class, "/META-INF/maven/org.nd4j/nd4j-api/pom.properties", "version"), java, cpu, nd4j,
                blas, threads, nativeEnvironment(), ffmpeg(), gpus(nd4j), memory, disk(runDir), need,
                Advice.warnings(cpu, nd4j, blas, memory, need));
    }

    /** Tubelet's version, which Maven writes into {@code org/tubelet/tubelet.properties}; null when unknown. */
    public static String tubeletVersion() {
        return version(Probes.class, "/org/tubelet/tubelet.properties", "version");
    }

    /** "generic", "avx2" or "avx512" from a JavaCPP platform extension ("", "-avx2", "-avx512"). */
    static String build(String extension) {
        return extension.isEmpty() ? "generic" : extension.substring(1);
    }

    static String cpuModel(String cpuinfo) {
        return cpuinfo.lines().filter(l -> l.startsWith("model name") && l.contains(":")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(null);
    }

    private static Diagnosis.Nd4j nd4j() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        Map<String, String> libs = Loader.getLoadedLibraries();
        String library = libs.entrySet().stream().filter(e -> e.getKey().equals("nd4jcpu")
                || e.getKey().startsWith("nd4jcuda")).map(Map.Entry::getValue).findFirst().orElse(null);
        String build;
        if (library == null) {
            build = null;
        } else if (library.contains("nd4jcuda")) {
            build = "cuda";
        } else {
            String folder = Path.of(library).getParent().getFileName().toString();   // e.g. linux-x86_64-avx2
            build = folder.endsWith("-avx512") ? "avx512" : folder.endsWith("-avx2") ? "avx2" : "generic";
        }
        Object vendor = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        return new Diagnosis.Nd4j(backend, build, library, vendor == null ? null : vendor.toString());
    }

    /**
     * The core the loaded OpenBLAS runs, and who chose it: {@code OPENBLAS_CORETYPE} when set before Java started
     * (by the user or the launcher), {@code tubelet} when {@code Engine.install()} set it for this processor,
     * {@code detected} when OpenBLAS chose itself.
     */
    private static Diagnosis.OpenBlas openBlas() {
        String set = System.getenv(OpenBlasCore.VARIABLE);            // the environment Java started with
        String core = OpenBlasCore.running().get("openblas_nolapack");
        String source = set != null ? OpenBlasCore.VARIABLE
                : OpenBlasCore.forThisProcessor().isPresent() ? "tubelet" : "detected";
        String version = openblas_nolapack.OPENBLAS_VERSION.strip().replaceFirst("^OpenBLAS ", "");
        return new Diagnosis.OpenBlas(version, core, source, Nd4j.factory().blas().getMaxThreads());
    }

    private static Map<String, String> nativeEnvironment() {
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (ENV_PREFIXES.stream().anyMatch(k::startsWith)) {
                env.put(k, v);
            }
        });
        return env;
    }

    private static Diagnosis.Ffmpeg ffmpeg() {
        int v = avcodec.avcodec_version();
        Map<String, Boolean> dec = new LinkedHashMap<>();
        for (String d : DECODERS) {
            dec.put(d, present(avcodec.avcodec_find_decoder_by_name(d)));
        }
        Map<String, Boolean> enc = new LinkedHashMap<>();
        for (String e : ENCODERS) {
            enc.put(e, present(avcodec.avcodec_find_encoder_by_name(e)));
        }
        return new Diagnosis.Ffmpeg(avutil.av_version_info().getString(),
                (v >>> 16) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF), dec, enc);
    }

    private static boolean present(AVCodec c) {
        return c != null && !c.isNull();
    }

    private static List<String> gpus(Diagnosis.Nd4j nd4j) {
        if (!"cuda".equals(nd4j.build())) {
            return List.of();
        }
        Object devices = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        if (devices instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(devices));
    }

    private static Diagnosis.Memory memory() {
        Long total = null;
        Long available = null;
        try {
            total = Pointer.totalPhysicalBytes();
            available = Pointer.availablePhysicalBytes();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // JavaCPP's natives missing on this platform: the limits below are still known
        }
        return new Diagnosis.Memory(total, available, Pointer.maxBytes(), Pointer.maxPhysicalBytes(),
                Malloc.describeRunning(), Malloc.installed(Malloc.Implementation.TCMALLOC));
    }

    private static Diagnosis.Disk disk(Path runDir) throws IOException {
        Path p = runDir.toAbsolutePath().normalize();
        while (!Files.exists(p) && p.getParent() != null) {
            p = p.getParent();
        }
        FileStore fs = Files.getFileStore(p);
        return new Diagnosis.Disk(runDir.toString(), fs.getUsableSpace(), fs.getTotalSpace());
    }

    /** A {@code version} from a properties resource next to {@code owner}'s classes, or null. */
    static String version(Class<?> owner, String resource, String key) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }
}
