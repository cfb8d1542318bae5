package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tubelet.engine.VectorApi;
import org.tubelet.io.HostTensor;
import org.tubelet.io.Safetensors;
import org.tubelet.train.checkpoint.Checkpoints;

/** Training runs in a child JVM that a test kills with SIGKILL, and the comparison of a resumed run with a reference. */
final class KilledRuns {
    private KilledRuns() {
    }

    /** Starts {@code trainer <args>} in a child JVM with this test's class path; its output goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g"));
        if (VectorApi.moduleResolved()) {           // the kernels' arithmetic of this JVM, whose runs it is compared to
            cmd.add("--add-modules=" + VectorApi.MODULE);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TUBELET_NATIVE_ENV", "1");
        return pb.start();
    }

    /** metrics.csv without the timing columns (clips/s, data wait, step time): what a resumed run must repeat. */
    static List<String> comparable(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.csv"))) {
            String[] c = line.split(",", -1);
            rows.add(String.join(",", c[0], c[1], c[2], c[3], c[4], c[8], c[9], c[10], c[11]));
        }
        return rows;
    }

    /** The files of checkpoint {@code step} hold the same tensors, bit for bit, in both runs. */
    static void assertSameTensors(Path reference, Path run, long step, List<String> files) throws IOException {
        Path last = Path.of("checkpoints", Checkpoints.folderName(step));
        for (String f : files) {
            Map<String, HostTensor> expected = Safetensors.read(reference.resolve(last).resolve(f)).tensors();
            Map<String, HostTensor> actual = Safetensors.read(run.resolve(last).resolve(f)).tensors();
            assertEquals(expected.keySet(), actual.keySet(), f);
            expected.forEach((name, t) -> assertEquals(t, actual.get(name), f + ": " + name));
        }
    }
}
