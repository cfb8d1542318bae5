package org.tubelet.train.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.AtomicFiles;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.listeners.MetricsCsv;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.optim.WeightEma;

/**
 * The checkpoints of a run: {@code <run>/checkpoints/step-00001200/}, each a complete HF folder ({@code config.json},
 * {@code model.safetensors}, the raw weights) plus {@code optimizer.safetensors}, {@code trainer_state.json}, the
 * resolved {@code recipe.yaml}, the {@code metrics.csv} so far and, when the run keeps one, the moving average of the
 * weights in {@code ema.safetensors} (HF names and shapes, like {@code model.safetensors}).
 *
 * <p>Writes are atomic: everything goes into a hidden temporary folder, every file is forced to disk, then the folder
 * is renamed into place. A crash at any moment leaves either the complete new checkpoint or none, and never touches
 * the previous ones; leftovers of an interrupted write are deleted on the next start.
 *
 * <p>Every checkpoint records the SHA-256 of each of its files in {@link #CHECKSUMS} ({@code sha256sum} format, so
 * {@code sha256sum -c checksums.sha256} inside the folder checks it too). Loading verifies them ({@link #verify}): a
 * flipped byte or a truncated file is reported by name ({@link CorruptCheckpointException}); resuming skips such a
 * checkpoint for the newest intact one ({@link #latestIntact}). A checkpoint written before checksums existed loads
 * with a warning that it cannot be verified.
 *
 * <p>A write that fails (a full disk, an I/O error) leaves the previous checkpoints untouched and throws
 * {@link CheckpointWriteException} naming the folder, the free space and the space a checkpoint needs.
 *
 * <p>Every checkpoint records {@link #FORMAT_VERSION} in its {@code trainer_state.json}. Resuming ({@link #read})
 * requires the current version; loading only the weights (eval, export, predict, {@code model.init_from}) works for
 * every version, since the HF folder inside is unchanged.
 */
public final class Checkpoints {
    /**
     * The version of the checkpoint format, {@code format_version} in {@code trainer_state.json}; a checkpoint without
     * it is version 1. Version 2: every random stream is derived by {@link org.tubelet.datasets.Seeds}, so a version-1
     * run resumed now would not continue the streams it started with.
     */
    public static final int FORMAT_VERSION = 2;
    /** The version of a checkpoint written before {@code format_version} existed. */
    static final int UNVERSIONED = 1;
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The moving average of the weights ({@code train.ema}), a weights file like {@code model.safetensors}. */
    public static final String EMA = "ema.safetensors";
    public static final String STATE = "trainer_state.json";
    public static final String RECIPE = "recipe.yaml";
    public static final String METRICS = "metrics.csv";
    public static final String PREPROCESSOR = "preprocessor_config.json";
    /** How predict cuts a clip: {@code {"num_frames": T, "frame_stride": s}}. */
    public static final String SAMPLER = "sampler.json";
    /** The SHA-256 of every other file of the checkpoint, one {@code <hex>  <name>} line each, written last. */
    public static final String CHECKSUMS = "checksums.sha256";
    /** Hook name of the step between the last file and the rename into place. */
    static final String RENAME = "(rename into place)";
    private static final String CORRUPT_PREFIX = "corrupt-";
    private static final Pattern NAME = Pattern.compile("step-(\\d+)");
    private static final String PARTIAL_PREFIX = ".partial-";
    private static final Logger LOG = LogManager.getLogger(Checkpoints.class);

    /** Called after each file of a checkpoint is written (tests use it to simulate a crash mid-write). */
    @FunctionalInterface
    public interface WriteHook {
        void afterFile(String fileName) throws IOException;
    }

    private final Path dir;
    private WriteHook hook = f -> {
    };

    /** @param dir the {@code checkpoints} folder of a run */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    Checkpoints withHook(WriteHook h) {
        this.hook = h;
        return this;
    }

    public static String folderName(long step) {
        return String.format("step-%08d", step);
    }

    /**
     * Everything a checkpoint holds besides the weights.
     *
     * @param extraFiles small text files written as they are (e.g. {@code preprocessor_config.json},
     *     {@code sampler.json}) so that the checkpoint folder is a complete model folder for predict and export
     * @param emaWeights the moving average of the weights under HF names and shapes, or null when the run keeps none
     */
    public record Content(TrainerState state, Map<String, INDArray> optimizerState, String recipeYaml,
                          List<MetricsRow> metrics, Map<String, String> extraFiles,
                          Map<String, HostTensor> emaWeights) {

        /** Everything but a moving average of the weights. */
        public Content(TrainerState state, Map<String, INDArray> optimizerState, String recipeYaml,
                       List<MetricsRow> metrics, Map<String, String> extraFiles) {
            this(state, optimizerState, recipeYaml, metrics, extraFiles, null);
        }
    }

    /**
     * Writes a checkpoint atomically and returns its folder.
     *
     * @throws CheckpointWriteException when a file cannot be written (a full disk, ...): nothing of the new checkpoint
     *     is left and the previous ones are untouched
     */
    public Path write(ModelGraph graph, Content c) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(folderName(c.state().step()));
        Path tmp = dir.resolve(PARTIAL_PREFIX + folderName(c.state().step()) + "-" + ProcessHandle.current().pid());
        try {
            AtomicFiles.deleteTree(tmp);
            Files.createDirectories(tmp);
            HfCheckpoint.save(graph, tmp);
            hook.afterFile(HfCheckpoint.WEIGHTS);
            Map<String, HostTensor> opt = new LinkedHashMap<>();
            c.optimizerState().forEach((k, v) -> opt.put(k, NdArrays.toHost(v)));
            Safetensors.write(tmp.resolve(OPTIMIZER), opt, Map.of("optimizer", c.state().optimizer(),
                    "step", Long.toString(c.state().step())));
            hook.afterFile(OPTIMIZER);
            if (c.emaWeights() != null) {
                Safetensors.write(tmp.resolve(EMA), c.emaWeights(), Map.of("format", "pt", "ema_decay",
                        c.state().ema() == null ? "" : Double.toString(c.state().ema().decay()),
                        "step", Long.toString(c.state().step())));
                hook.afterFile(EMA);
            }
            writeText(tmp, RECIPE, c.recipeYaml() == null ? "" : c.recipeYaml());
            writeText(tmp, METRICS, MetricsCsv.toCsv(c.metrics()));
            for (Map.Entry<String, String> e : c.extraFiles().entrySet()) {
                writeText(tmp, e.getKey(), e.getValue());
            }
            writeText(tmp, STATE, c.state().toJson());                  // marks completeness
            writeText(tmp, CHECKSUMS, CheckpointChecksums.of(tmp, CHECKSUMS));
            forceAll(tmp);
            hook.afterFile(RENAME);
            if (Files.exists(target)) {
                Path old = dir.resolve(PARTIAL_PREFIX + "old-" + target.getFileName());
                AtomicFiles.deleteTree(old);
                move(target, old);
                move(tmp, target);
                AtomicFiles.deleteTree(old);
            } else {
                move(tmp, target);
            }
            force(dir);
        } catch (IOException | RuntimeException e) {
            long written = sizeOf(tmp);
            try {
                AtomicFiles.deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new CheckpointWriteException(target, io, freeSpace(dir), Math.max(written,
                        estimatedBytes(graph, c)), latestOrNull());
            }
            throw e;
        }
        return target;
    }

    private void writeText(Path folder, String name, String text) throws IOException {
        Files.writeString(folder.resolve(name), text);
        hook.afterFile(name);
    }

    private Path latestOrNull() {
        try {
            return latest().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** About the bytes a checkpoint of this graph and content takes (float32 tensors; headers and text left out). */
    static long estimatedBytes(ModelGraph graph, Content c) {
        long bytes = graph.layout().parameterCount() * 4L;
        for (INDArray a : c.optimizerState().values()) {
            bytes += a.length() * a.dataType().width();
        }
        if (c.emaWeights() != null) {
            for (HostTensor t : c.emaWeights().values()) {
                bytes += t.sizeInBytes();
            }
        }
        return bytes;
    }

    private static long freeSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long sizeOf(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Complete checkpoints, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(STATE))) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(Checkpoints::stepOf));
        return out;
    }

    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The newest checkpoint whose files match their checksums ({@link #verify}). Each newer one that does not is
     * reported by name through {@code report} and the log, and renamed to {@code corrupt-step-NNNNNNNN} (kept for
     * inspection, never picked again).
     */
    public Optional<Path> latestIntact(Consumer<String> report) throws IOException {
        List<Path> all = list();
        for (int i = all.size() - 1; i >= 0; i--) {
            Path cp = all.get(i);
            try {
                verify(cp);
                return Optional.of(cp);
            } catch (CorruptCheckpointException e) {
                Path aside = dir.resolve(CORRUPT_PREFIX + cp.getFileName());
                AtomicFiles.deleteTree(aside);
                move(cp, aside);
                String msg = e.getMessage() + "; skipped it (moved to " + aside.getFileName() + ")";
                LOG.warn(msg);
                report.accept(msg);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks every file of a checkpoint against the size and SHA-256 recorded in its {@link #CHECKSUMS}.
     *
     * @return false for a checkpoint written before checksums existed (nothing to check; a warning is logged)
     * @throws CorruptCheckpointException naming the first file that is missing, truncated or changed
     */
    public static boolean verify(Path checkpoint) throws IOException {
        Path sums = checkpoint.resolve(CHECKSUMS);
        if (!Files.isRegularFile(sums)) {
            LOG.warn("{} has no {} (written by an older Tubelet): its files cannot be verified", checkpoint, CHECKSUMS);
            return false;
        }
        String text;
        try {
            text = Files.readString(sums);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CorruptCheckpointException(checkpoint, CHECKSUMS, "is not UTF-8 text (the checksum file itself "
                    + "is damaged)");
        }
        Map<String, CheckpointChecksums.Entry> expected = CheckpointChecksums.parse(checkpoint, text);
        if (!expected.containsKey(STATE)) {
            throw new CorruptCheckpointException(checkpoint, CHECKSUMS, "lists no " + STATE
                    + " (the checksum file itself is damaged)");
        }
        for (Map.Entry<String, CheckpointChecksums.Entry> e : expected.entrySet()) {
            Path f;
            try {
                f = checkpoint.resolve(e.getKey()).normalize();
            } catch (java.nio.file.InvalidPathException x) {
                throw new CorruptCheckpointException(checkpoint, CHECKSUMS, "names an invalid file name ("
                        + x.getReason() + "; the checksum file itself is damaged)");
            }
            if (!checkpoint.equals(f.getParent())) {
                throw new CorruptCheckpointException(checkpoint, CHECKSUMS, "names a file outside the folder: "
                        + e.getKey());
            }
            if (!Files.isRegularFile(f)) {
                throw new CorruptCheckpointException(checkpoint, e.getKey(), "is missing");
            }
            long size = Files.size(f);
            if (e.getValue().bytes() >= 0 && size != e.getValue().bytes()) {
                throw new CorruptCheckpointException(checkpoint, e.getKey(), "has " + size + " bytes, "
                        + e.getValue().bytes() + " were written" + (size < e.getValue().bytes() ? " (truncated)" : ""));
            }
            String actual = CheckpointChecksums.sha256(f);
            if (!actual.equals(e.getValue().sha256())) {
                throw new CorruptCheckpointException(checkpoint, e.getKey(), "does not match its checksum (SHA-256 "
                        + actual + ", recorded " + e.getValue().sha256() + ")");
            }
        }
        return true;
    }

    /** The step a checkpoint folder holds (from its name). */
    public static long stepOf(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint folder (step-NNNNNNNN)");
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes what an interrupted write left behind. */
    public void cleanPartials() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PARTIAL_PREFIX + "*")) {
            for (Path p : ds) {
                LOG.warn("Removing an incomplete checkpoint left by an interrupted write: {}", p);
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /** Keeps the newest {@code keepLast} checkpoints and the protected steps; deletes the rest. */
    public void prune(int keepLast, Set<Long> protectedSteps) throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            Path p = all.get(i);
            if (!protectedSteps.contains(stepOf(p))) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    /**
     * A checkpoint read back.
     *
     * @param emaWeights the moving average of the weights (HF names and shapes), or null when the run kept none
     */
    public record Loaded(Path dir, TrainerState state, Map<String, INDArray> optimizerState, String recipeYaml,
                         List<MetricsRow> metrics, Map<String, HostTensor> emaWeights) {
    }

    /**
     * The format version of a checkpoint ({@code format_version} of its {@code trainer_state.json}, 1 when absent).
     *
     * @throws IllegalArgumentException if the folder has no readable {@code trainer_state.json}
     */
    public static int formatVersion(Path checkpoint) throws IOException {
        Path stateFile = stateFile(checkpoint);
        return TrainerState.formatVersion(stateFile.toString(), stateText(stateFile), UNVERSIONED);
    }

    /**
     * Checks that a run can continue from a checkpoint: its format is {@link #FORMAT_VERSION}. Reads one small file
     * and changes nothing.
     *
     * @throws IncompatibleCheckpointException if it was written in another format
     */
    public static void requireResumable(Path checkpoint) throws IOException {
        int version = formatVersion(checkpoint);
        if (version != FORMAT_VERSION) {
            throw new IncompatibleCheckpointException(checkpoint, version, FORMAT_VERSION);
        }
    }

    /**
     * Reads everything but the weights, to resume from (load the weights with {@link HfCheckpoint#loadWeights}),
     * after checking every file against its checksum.
     *
     * @throws CorruptCheckpointException if a file does not match its checksum
     * @throws IncompatibleCheckpointException if the checkpoint was written in another format
     */
    public static Loaded read(Path checkpoint) throws IOException {
        verify(checkpoint);
        requireResumable(checkpoint);
        Path stateFile = stateFile(checkpoint);
        TrainerState state = TrainerState.fromJson(stateFile.toString(), stateText(stateFile));
        Map<String, INDArray> opt = new LinkedHashMap<>();
        Path optFile = checkpoint.resolve(OPTIMIZER);
        if (Files.isRegularFile(optFile)) {
            Safetensors.read(optFile).tensors().forEach((k, v) -> opt.put(k, NdArrays.toNd(v)));
        }
        Path recipe = checkpoint.resolve(RECIPE);
        Path metrics = checkpoint.resolve(METRICS);
        Path ema = checkpoint.resolve(EMA);
        if (state.ema() != null && !Files.isRegularFile(ema)) {
            throw new IllegalArgumentException(checkpoint + ": " + STATE + " says the run keeps a moving average of "
                    + "the weights, but " + EMA + " is missing");
        }
        return new Loaded(checkpoint, state, opt, Files.isRegularFile(recipe) ? Files.readString(recipe) : null,
                Files.isRegularFile(metrics) ? MetricsCsv.read(metrics) : List.of(),
                state.ema() != null ? Safetensors.read(ema).tensors() : null);
    }

    /** Which weights of a checkpoint to load (export, eval). */
    public enum Weights {
        /** The weights the run evaluated: the moving average when it was kept with {@code eval: true}, else raw. */
        AUTO,
        /** The moving average, {@link #EMA}; an error when the run kept none. */
        EMA,
        /** The trained weights themselves, {@code model.safetensors}. */
        RAW
    }

    /**
     * The weights file of a model folder for a choice of weights: {@code model.safetensors} or {@link #EMA}.
     * {@link Weights#AUTO} picks the moving average when the checkpoint's {@code trainer_state.json} says the run
     * evaluated it ({@code train.ema.eval: true}), so that an export holds the weights the run's validation numbers
     * and best checkpoint were measured on; anything else (an HF folder, a run without EMA) gives the raw weights.
     *
     * @param folder a model folder ({@link #modelFolder})
     * @throws IllegalArgumentException for {@link Weights#EMA} when the folder has no moving average
     */
    public static Path weightsFile(Path folder, Weights choice) throws IOException {
        Path raw = folder.resolve(HfCheckpoint.WEIGHTS);
        Path ema = folder.resolve(EMA);
        return switch (choice) {
            case RAW -> raw;
            case EMA -> {
                if (!Files.isRegularFile(ema)) {
                    throw new IllegalArgumentException(folder + ": no " + EMA + " (the run kept no moving average of "
                            + "the weights; turn it on with train.ema, or choose the raw weights)");
                }
                yield ema;
            }
            case AUTO -> {
                Path state = folder.resolve(STATE);
                WeightEma.Settings kept = Files.isRegularFile(state) && Files.isRegularFile(ema)
                        ? TrainerState.emaOf(state.toString(), Files.readString(state)) : null;
                yield kept != null && kept.eval() ? ema : raw;
            }
        };
    }

    /**
     * The folder holding a model's {@code config.json} and {@code model.safetensors}: the folder itself (an HF
     * folder or one checkpoint), or for a run folder / {@code checkpoints} folder its best checkpoint (from
     * {@code best.json}), else its newest.
     */
    public static Path modelFolder(Path ref) throws IOException {
        if (!Files.isDirectory(ref)) {
            throw new IllegalArgumentException(ref + ": not a folder (expected an HF model folder, a checkpoint "
                    + "folder or a run folder)");
        }
        if (Files.isRegularFile(ref.resolve(HfCheckpoint.CONFIG))) {
            if (Files.isRegularFile(ref.resolve(STATE))) {
                verify(ref);                                  // a checkpoint folder: never load damaged weights
            }
            return ref;
        }
        Path store = Files.isDirectory(ref.resolve("checkpoints")) ? ref.resolve("checkpoints") : ref;
        Checkpoints cps = new Checkpoints(store);
        Path best = store.resolve("best.json");
        if (Files.isRegularFile(best)) {
            java.util.regex.Matcher m = Pattern.compile("\"step\":\\s*(\\d+)").matcher(Files.readString(best));
            if (m.find()) {
                Path p = store.resolve(folderName(Long.parseLong(m.group(1))));
                if (Files.isDirectory(p)) {
                    verify(p);
                    return p;
                }
            }
        }
        Optional<Path> latest = cps.latest();
        if (latest.isEmpty()) {
            throw new IllegalArgumentException(ref + ": no " + HfCheckpoint.CONFIG + " and no checkpoints in it "
                    + "(expected an HF model folder, a checkpoint folder or a run folder)");
        }
        verify(latest.get());
        return latest.get();
    }

    private static String stateText(Path stateFile) throws IOException {
        try {
            return Files.readString(stateFile);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(stateFile + ": not UTF-8 text (expected JSON)");
        }
    }

    private static Path stateFile(Path checkpoint) {
        Path stateFile = checkpoint.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new IllegalArgumentException(checkpoint + ": not a checkpoint (no " + STATE + ")");
        }
        return stateFile;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void forceAll(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        }
        force(folder);
    }

    private static void force(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync folder {}: {}", folder, e.toString());
        }
    }


    /** Writes a small text file atomically (e.g. {@code best.json}). */
    static void writeText(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }
}
