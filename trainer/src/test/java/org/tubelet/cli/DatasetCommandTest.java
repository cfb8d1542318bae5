package org.tubelet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.datasets.synthetic.MovingShapes;
import org.tubelet.datasets.synthetic.SyntheticConfig;

/** {@code dataset check} on a generated dataset with a corrupt and a truncated file. */
class DatasetCommandTest {

    @Test
    void reportsBadFilesAndHonoursStrict(@TempDir Path tmp) throws Exception {
        var data = MovingShapes.generate(tmp.resolve("d"), SyntheticConfig.small(1).withCounts(2, 1));
        List<String> lines = Files.readAllLines(data.trainList());
        Path corrupt = data.root().resolve("videos/corrupt.mp4");
        Files.write(corrupt, "not a video at all".getBytes(StandardCharsets.UTF_8));
        Path first = data.root().resolve(lines.get(0).split(" ")[0]);
        Path truncated = data.root().resolve("videos/truncated.mp4");
        byte[] bytes = Files.readAllBytes(first);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        String label = lines.get(0).split(" ")[1];
        Files.write(data.trainList(), List.of(String.join("\n", lines), "videos/corrupt.mp4 " + label,
                "videos/truncated.mp4 " + label));

        String[] args = {"dataset", "check", "--annotations", data.trainList().toString(), "--root",
                data.root().toString(), "--decode"};
        Result r = run(args);
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("corrupt.mp4"), r.out);
        assertTrue(r.out.contains("truncated.mp4"), r.out);
        String[] strict = java.util.Arrays.copyOf(args, args.length + 1);
        strict[args.length] = "--strict";
        assertEquals(1, run(strict).code);
        assertEquals(2, run("dataset", "check", "--annotations", tmp.resolve("missing.txt").toString()).code);
    }

    record Result(int code, String out) {
    }

    static Result run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Result(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
