package org.tubelet.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.tubelet.datasets.OnError;
import org.tubelet.datasets.layout.CsvListReader;
import org.tubelet.datasets.layout.Delimiter;
import org.tubelet.datasets.layout.KineticsReader;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.layout.LayoutOptions;
import org.tubelet.datasets.layout.ListFileReader;
import org.tubelet.datasets.layout.ListFormat;
import org.tubelet.datasets.layout.Ssv2Reader;
import org.tubelet.datasets.layout.Ucf101Reader;
import org.tubelet.datasets.processing.ProcessorConfig;
import org.tubelet.hf.HfConfigs;
import org.tubelet.io.Npy;
import org.tubelet.io.NpyFormatException;
import org.tubelet.io.Safetensors;
import org.tubelet.io.SafetensorsFormatException;
import org.tubelet.recipe.RecipeException;
import org.tubelet.recipe.Recipes;
import org.tubelet.train.checkpoint.Checkpoints;

/**
 * Fuzz targets for every reader of outside input. The contract each checks: an input either parses, or fails with
 * the reader's own documented exception whose message names the file; never another exception type, an
 * {@link OutOfMemoryError} (an allocation sized by an untrusted header), a stack overflow, or more than one second of
 * computation. The second is this thread's CPU time, so that other work on the machine cannot fail the test (measured:
 * a recipe seed took 1.6 s of wall time beside a soak run and other jobs on 2 cores); a reader blocked without
 * computing is caught by a 10 s wall-time limit (libFuzzer's {@code -timeout} when fuzzing).
 *
 * <p>{@code make test} runs every target in regression mode over its committed corpus
 * ({@code src/test/resources/org/tubelet/fuzz/ReaderFuzzTestInputs/<target>/}: seeds from the project's own files and
 * every crash input found); {@code make fuzz FUZZ_SECONDS=600} fuzzes each target for that long.
 */
class ReaderFuzzTest {
    private static final long LIMIT_NANOS = 1_000_000_000L;
    private static final long WALL_LIMIT_NANOS = 10_000_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();
    private static final Path DIR;
    /** Targets that have run once: the first call loads classes and is not timed. */
    private static final java.util.Set<String> WARM = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // Rejected inputs are logged by some readers; at fuzzing speed that is only noise.
        Configurator.setRootLevel(Level.OFF);
        try {
            DIR = Files.createTempDirectory("tubelet-fuzz");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reader under test. */
    @FunctionalInterface
    interface Reader {
        void read(Path file) throws Exception;
    }

    /**
     * Writes the input to {@code name} and reads it; anything but success or an allowed exception naming the file
     * (or one of {@code alsoNamed}) is a finding.
     */
    @SafeVarargs
    static void contract(String name, byte[] data, Reader reader, List<String> alsoNamed,
                         Class<? extends Exception>... allowed) throws IOException {
        Path file = DIR.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            reader.read(file);
        } catch (Exception e) {
            if (Arrays.stream(allowed).noneMatch(c -> c.isInstance(e))) {
                throw new AssertionError(name + ": " + e.getClass().getName() + " is not a documented exception of "
                        + "this reader (" + Arrays.toString(allowed) + "): " + e.getMessage(), e);
            }
            String m = String.valueOf(e.getMessage());
            List<String> names = new ArrayList<>(alsoNamed);
            names.add(file.getFileName().toString());
            if (names.stream().noneMatch(m::contains)) {
                throw new AssertionError(name + ": the message does not name the file: " + m, e);
            }
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - t0;
        if (WARM.add(name)) {
            return;
        }
        if (cpu > LIMIT_NANOS || wall > WALL_LIMIT_NANOS) {
            throw new AssertionError(name + ": reading took " + cpu / 1_000_000 + " ms of CPU time (limit 1000 ms), "
                    + wall / 1_000_000 + " ms in all (limit 10000 ms)");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void safetensors(byte[] data) throws IOException {
        contract("f.safetensors", data, Safetensors::read, List.of(), SafetensorsFormatException.class);
    }

    @FuzzTest(maxDuration = "30s")
    void npy(byte[] data) throws IOException {
        contract("f.npy", data, Npy::read, List.of(), NpyFormatException.class);
    }

    @FuzzTest(maxDuration = "30s")
    void hfConfig(byte[] data) throws IOException {
        contract("config.json", data, HfConfigs::read, List.of(), IllegalArgumentException.class);
    }

    @FuzzTest(maxDuration = "30s")
    void preprocessorConfig(byte[] data) throws IOException {
        contract("preprocessor_config.json", data, ProcessorConfig::load, List.of(), IllegalArgumentException.class);
    }

    /** A recipe file, then after a zero byte one {@code --set key=value} per line; it may {@code extends} others. */
    @FuzzTest(maxDuration = "30s")
    void recipe(byte[] data) throws IOException {
        int zero = indexOf(data, (byte) 0);
        byte[] yaml = zero < 0 ? data : Arrays.copyOf(data, zero);
        List<String> sets = zero < 0 ? List.of() : Arrays.stream(new String(data, zero + 1, data.length - zero - 1,
                StandardCharsets.UTF_8).split("\n")).filter(s -> !s.isEmpty()).toList();
        Files.writeString(DIR.resolve("base.yaml"), "extends: quickstart\nname: base\ntrain:\n  seed: 3\n");
        contract("r.yaml", yaml, f -> Recipes.load(f.toString(), sets), List.of("--set", "base.yaml", "quickstart"),
                RecipeException.class);
    }

    @FuzzTest(maxDuration = "30s")
    void kineticsCsv(byte[] data) throws IOException {
        for (LayoutOptions o : options()) {
            contract("kinetics/train.csv", data, f -> new KineticsReader(DIR, Optional.empty(),
                    KineticsReader.DEFAULT_EXTENSIONS, o).read(f), List.of(), IOException.class);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void csvList(byte[] data) throws IOException {
        for (LayoutOptions o : options()) {
            contract("list.csv", data, f -> new CsvListReader(Optional.of(DIR), Optional.empty(), o).read(f),
                    List.of(), IOException.class);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void pathLabelList(byte[] data) throws IOException {
        for (LayoutOptions o : options()) {
            for (Delimiter d : new Delimiter[]{Delimiter.WHITESPACE, Delimiter.COMMA}) {
                contract("train.txt", data, f -> new ListFileReader(Optional.of(DIR), ListFormat.VIDEO, d,
                        Optional.empty(), o).read(f), List.of(), IOException.class);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ssv2Json(byte[] data) throws IOException {
        Files.createDirectories(DIR.resolve("ssv2"));
        Files.writeString(DIR.resolve("ssv2").resolve(Ssv2Reader.LABELS_JSON), "{\"Holding something next to "
                + "something\": \"0\", \"Spreading something onto something\": \"1\"}");
        for (LayoutOptions o : options()) {
            contract("ssv2/train.json", data, f -> new Ssv2Reader(DIR, Optional.empty(), Optional.empty(),
                    Ssv2Reader.DEFAULT_EXTENSIONS, o).read(f), List.of(), IOException.class);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ucf101Split(byte[] data) throws IOException {
        for (LayoutOptions o : options()) {
            Files.createDirectories(DIR.resolve("ucf"));
            Files.writeString(DIR.resolve("ucf").resolve(Ucf101Reader.CLASS_INDEX), "1 ApplyEyeMakeup\n2 Archery\n"
                    + "3 Basketball\n");
            contract("ucf/trainlist01.txt", data, f -> new Ucf101Reader(DIR, Optional.empty(),
                    Optional.of(LabelMap.of(List.of("ApplyEyeMakeup", "Archery", "Basketball"))), o).read(f),
                    List.of(), IOException.class);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void labels(byte[] data) throws IOException {
        contract("labels.txt", data, LabelMap::load, List.of(), IOException.class, IllegalArgumentException.class);
    }

    /** A checkpoint's {@code trainer_state.json}, read as a resume reads it. */
    @FuzzTest(maxDuration = "30s")
    void checkpointState(byte[] data) throws IOException {
        Path cp = Files.createDirectories(DIR.resolve("state").resolve(Checkpoints.folderName(3)));
        contract("state/" + Checkpoints.folderName(3) + "/" + Checkpoints.STATE, data,
                f -> Checkpoints.read(f.getParent()), List.of(cp.getFileName().toString()),
                IllegalArgumentException.class);
    }

    /** A checkpoint's {@code checksums.sha256}, checked against the files next to it. */
    @FuzzTest(maxDuration = "30s")
    void checkpointChecksums(byte[] data) throws IOException {
        Path cp = Files.createDirectories(DIR.resolve("sums").resolve(Checkpoints.folderName(3)));
        Files.writeString(cp.resolve(Checkpoints.STATE), "{}\n");
        contract("sums/" + Checkpoints.folderName(3) + "/" + Checkpoints.CHECKSUMS, data,
                f -> Checkpoints.verify(f.getParent()), List.of(cp.getFileName().toString()),
                IllegalArgumentException.class);
    }

    private static List<LayoutOptions> options() {
        return List.of(new LayoutOptions(OnError.SKIP, false), new LayoutOptions(OnError.FAIL, false));
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
