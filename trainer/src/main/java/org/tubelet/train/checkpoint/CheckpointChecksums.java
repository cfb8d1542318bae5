package org.tubelet.train.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link Checkpoints#CHECKSUMS} file of a checkpoint: the SHA-256 and size of each of its other files, in the
 * format of {@code sha256sum} ({@code <64 hex>  <name>}), with the size as a comment line before each entry.
 */
final class CheckpointChecksums {
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
    private static final Pattern SIZE = Pattern.compile("# (\\d{1,18}) bytes");

    private CheckpointChecksums() {
    }

    /** One file's record. */
    record Entry(String sha256, long bytes) {
    }

    /** The checksum file's text for every regular file of {@code folder} except {@code self}, sorted by name. */
    static String of(Path folder, String self) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.equals(self)) {
                    files.put(name, f);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            sb.append("# ").append(Files.size(e.getValue())).append(" bytes\n");
            sb.append(sha256(e.getValue())).append("  ").append(e.getKey()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Parses a checksum file.
     *
     * @throws CorruptCheckpointException if a line is neither a size comment nor a checksum line
     */
    static Map<String, Entry> parse(Path checkpoint, String text) {
        Map<String, Entry> out = new LinkedHashMap<>();
        long size = -1;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher s = SIZE.matcher(line);
            Matcher m = LINE.matcher(line);
            if (s.matches()) {
                size = Long.parseLong(s.group(1));
            } else if (m.matches()) {
                out.put(m.group(2), new Entry(m.group(1), size));
                size = -1;
            } else {
                throw new CorruptCheckpointException(checkpoint, Checkpoints.CHECKSUMS, "line " + lineNo
                        + " is not '<sha256>  <file>' (the checksum file itself is damaged)");
            }
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
