package org.tubelet.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.hf.HfCheckpoint;
import org.tubelet.io.Safetensors;
import org.tubelet.models.ModelGraph;
import org.tubelet.testing.TinyModels;
import org.tubelet.train.loop.MetricsRow;
import org.tubelet.train.optim.AdamW;

/**
 * Every checkpoint records a checksum per file; a flipped byte or a truncated file is reported by name and never
 * loaded, resuming falls back to the newest intact checkpoint, and a write that fails (a full disk) at any of its
 * steps leaves the previous checkpoint intact and names the folder and the space.
 */
class CheckpointIntegrityTest {

    private static Checkpoints.Content content(long step) {
        AdamW opt = new AdamW(0.9, 0.999, 1e-8, 0.0);
        return new Checkpoints.Content(new TrainerState(step, 0, (int) step, 100, 1, 7, "adamw", null, Double.NaN, -1),
                opt.state(), "name: x\n", List.of(MetricsRow.train(step, 0.5, 1e-3, 0.7, 1, 2, 3, 4)),
                Map.of(Checkpoints.SAMPLER, "{}\n"));
    }

    /** The checksum file lists every other file with its SHA-256 as {@code sha256sum} computes it. */
    @Test
    void theChecksumFileHoldsTheSha256OfEveryOtherFile(@TempDir Path dir) throws Exception {
        Path cp = new Checkpoints(dir).write(TinyModels.vivit(3, 1), content(4));
        String sums = Files.readString(cp.resolve(Checkpoints.CHECKSUMS));
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(cp)) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Checkpoints.CHECKSUMS)).sorted()
                    .forEach(files::add);
        }
        assertTrue(files.containsAll(List.of(HfCheckpoint.WEIGHTS, Checkpoints.OPTIMIZER, Checkpoints.STATE,
                Checkpoints.METRICS, Checkpoints.RECIPE, Checkpoints.SAMPLER, HfCheckpoint.CONFIG)), files.toString());
        for (String f : files) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(cp.resolve(f))));
            assertTrue(sums.contains(sha + "  " + f + "\n"), f + " in:\n" + sums);
            assertTrue(sums.contains("# " + Files.size(cp.resolve(f)) + " bytes\n" + sha), f + " size");
        }
        assertTrue(Checkpoints.verify(cp));
    }

    @Test
    void aFlippedByteInAnyFileIsNamedAndNeverLoaded(@TempDir Path dir) throws Exception {
        for (String file : List.of(HfCheckpoint.WEIGHTS, Checkpoints.OPTIMIZER, Checkpoints.STATE,
                Checkpoints.METRICS, HfCheckpoint.CONFIG)) {
            Path cp = new Checkpoints(dir.resolve(file)).write(TinyModels.vivit(3, 1), content(4));
            long size = Files.size(cp.resolve(file));
            flipByte(cp.resolve(file), size * 2 / 3);
            assertEquals(size, Files.size(cp.resolve(file)));
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                    () -> Checkpoints.verify(cp));
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains(cp.toString()) && e.getMessage().contains(file)
                    && e.getMessage().contains("checksum"), e.getMessage());
            assertThrows(CorruptCheckpointException.class, () -> Checkpoints.read(cp), "resume refuses it");
            assertThrows(CorruptCheckpointException.class, () -> Checkpoints.modelFolder(cp),
                    "eval, export and predict refuse it");
            assertThrows(CorruptCheckpointException.class, () -> Checkpoints.modelFolder(dir.resolve(file)),
                    "also when reached through its run folder");
        }
    }

    @Test
    void aTruncatedOrMissingFileIsNamed(@TempDir Path dir) throws Exception {
        Path cp = new Checkpoints(dir).write(TinyModels.vivit(3, 1), content(4));
        Path weights = cp.resolve(HfCheckpoint.WEIGHTS);
        long size = Files.size(weights);
        try (RandomAccessFile f = new RandomAccessFile(weights.toFile(), "rw")) {
            f.setLength(size - 100);
        }
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.verify(cp));
        assertTrue(e.getMessage().contains(HfCheckpoint.WEIGHTS + " has " + (size - 100) + " bytes, " + size)
                && e.getMessage().contains("truncated"), e.getMessage());
        Files.delete(weights);
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoints.verify(cp));
        assertTrue(e.getMessage().contains(HfCheckpoint.WEIGHTS + " is missing"), e.getMessage());
    }

    /** {@code resume: auto}: the corrupt newest checkpoints are reported and set aside, the newest intact one wins. */
    @Test
    void resumeFallsBackToTheNewestIntactCheckpoint(@TempDir Path dir) throws Exception {
        Checkpoints store = new Checkpoints(dir);
        ModelGraph g = TinyModels.vivit(3, 1);
        for (long s : new long[]{2, 4, 6}) {
            store.write(g, content(s));
        }
        flipByte(dir.resolve(Checkpoints.folderName(6)).resolve(HfCheckpoint.WEIGHTS), 1000);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(Checkpoints.folderName(4))
                .resolve(Checkpoints.OPTIMIZER).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        List<String> reports = new ArrayList<>();
        Optional<Path> chosen = store.latestIntact(reports::add);
        assertEquals(Optional.of(dir.resolve(Checkpoints.folderName(2))), chosen);
        assertEquals(2, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains(Checkpoints.folderName(6)) && reports.get(0).contains(HfCheckpoint.WEIGHTS),
                reports.get(0));
        assertTrue(reports.get(1).contains(Checkpoints.folderName(4)) && reports.get(1).contains(Checkpoints.OPTIMIZER)
                && reports.get(1).contains("truncated"), reports.get(1));
        assertTrue(Files.isDirectory(dir.resolve("corrupt-" + Checkpoints.folderName(6))), "kept for inspection");
        assertEquals(List.of(dir.resolve(Checkpoints.folderName(2))), store.list(), "never picked again");
        assertEquals(2, Checkpoints.read(chosen.get()).state().step());
    }

    /** A checkpoint of a release before checksums: nothing to verify, it loads (with a logged warning). */
    @Test
    void aCheckpointWithoutChecksumsStillLoads(@TempDir Path dir) throws Exception {
        Path cp = new Checkpoints(dir).write(TinyModels.vivit(3, 1), content(4));
        Files.delete(cp.resolve(Checkpoints.CHECKSUMS));
        assertFalse(Checkpoints.verify(cp));
        assertEquals(4, Checkpoints.read(cp).state().step());
        assertEquals(cp, Checkpoints.modelFolder(dir));
    }

    /**
     * A full disk at every step of a write (each file, the rename): the error names the checkpoint, its folder, the
     * free space and the space needed; no partial folder stays; the previous checkpoint verifies and loads.
     */
    @Test
    void aWriteThatFailsAtAnyStepLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        List<String> steps = new ArrayList<>();
        Checkpoints store = new Checkpoints(dir).withHook(steps::add);
        Path first = store.write(g, content(10));
        assertTrue(steps.containsAll(List.of(HfCheckpoint.WEIGHTS, Checkpoints.OPTIMIZER, Checkpoints.STATE,
                Checkpoints.CHECKSUMS, Checkpoints.RENAME)), steps.toString());
        Map<String, byte[]> before = contents(first);
        long needed = Files.size(first.resolve(HfCheckpoint.WEIGHTS)) + Files.size(first.resolve(Checkpoints.OPTIMIZER));
        for (String failing : steps) {
            store.withHook(f -> {
                if (f.equals(failing)) {
                    throw new IOException("No space left on device");
                }
            });
            CheckpointWriteException e = assertThrows(CheckpointWriteException.class,
                    () -> store.write(g, content(20)), failing);
            for (String part : List.of(dir.resolve(Checkpoints.folderName(20)).toString(), "No space left on device",
                    dir + " has ", " MB free", "needs about", "previous checkpoint " + first + " is intact")) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
            }
            assertTrue(e.neededBytes() >= needed * 0.9 && e.neededBytes() <= needed * 1.5,
                    e.neededBytes() + " vs " + needed);
            assertEquals(Files.getFileStore(dir).getUsableSpace(), e.freeBytes(), 64L << 20);
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(first), s.toList(), "after a failure at " + failing + " only step 10 is there");
            }
            assertTrue(Checkpoints.verify(first));
            Map<String, byte[]> after = contents(first);
            assertEquals(before.keySet(), after.keySet());
            before.forEach((k, v) -> assertTrue(java.util.Arrays.equals(v, after.get(k)), k));
        }
        store.withHook(f -> {
        });
        assertTrue(Checkpoints.verify(store.write(g, content(20))), "space back: the next write succeeds");
    }

    /**
     * A real full disk: a tmpfs of a size that holds one checkpoint and a half. Needs root to mount; on other
     * machines the injected failures above cover the same path.
     */
    @Test
    void aRealFullDiskLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws Exception {
        ModelGraph g = TinyModels.vivit(3, 1);
        Path probe = new Checkpoints(dir.resolve("probe")).write(g, content(1));
        long one;
        try (Stream<Path> s = Files.list(probe)) {
            one = s.mapToLong(p -> p.toFile().length() + 4096).sum();
        }
        Path mnt = Files.createDirectories(dir.resolve("small-disk"));
        boolean mounted = TmpfsMount.mount(mnt, one * 3 / 2);
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");
        try {
            Checkpoints store = new Checkpoints(mnt.resolve("checkpoints"));
            Path first = store.write(g, content(10));
            CheckpointWriteException e = assertThrows(CheckpointWriteException.class,
                    () -> store.write(g, content(20)));
            assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains(mnt.toString()),
                    e.getMessage());
            assertTrue(e.freeBytes() < one, e.freeBytes() + " free, one checkpoint " + one);
            assertEquals(List.of(first), store.list());
            assertTrue(Checkpoints.verify(first));
            ModelGraph back = TinyModels.vivit(3, 99);
            HfCheckpoint.loadWeights(back, Safetensors.read(first.resolve(HfCheckpoint.WEIGHTS)).tensors(), "test");
            assertEquals(g.paramValue("classifier.weight"), back.paramValue("classifier.weight"));
        } finally {
            TmpfsMount.unmount(mnt);
        }
    }

    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    /** Mounts a size-limited tmpfs with the system's {@code mount} (root only). */
    static final class TmpfsMount {
        static boolean mount(Path at, long bytes) throws InterruptedException {
            try {
                Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", at.toString())
                        .redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor() == 0;
            } catch (IOException e) {
                return false;
            }
        }

        static void unmount(Path at) throws IOException, InterruptedException {
            new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
        }
    }
}
