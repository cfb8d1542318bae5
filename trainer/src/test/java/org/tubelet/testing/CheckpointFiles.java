package org.tubelet.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Edits checkpoint files the way an older or newer Tubelet release would have written them. */
public final class CheckpointFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFiles() {
    }

    /**
     * Rewrites the {@code format_version} of a checkpoint's {@code trainer_state.json}; version 1 removes it (such
     * checkpoints were written before the field existed).
     */
    public static void withFormatVersion(Path checkpoint, int version) throws IOException {
        Path state = checkpoint.resolve("trainer_state.json");
        ObjectNode n = (ObjectNode) JSON.readTree(Files.readString(state));
        n.remove("format_version");
        if (version != 1) {
            n.put("format_version", version);
        }
        Files.writeString(state, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        Path sums = checkpoint.resolve("checksums.sha256");
        if (version == 1) {
            Files.deleteIfExists(sums);                 // version-1 releases recorded no checksums
        } else {
            rerecord(sums, state);
        }
    }

    /** Rewrites the size and SHA-256 recorded for {@code file} in a {@code checksums.sha256} (as a release would). */
    public static void rerecord(Path sums, Path file) throws IOException {
        if (!Files.exists(sums)) {
            return;                                     // a checkpoint without checksums stays so
        }
        String name = file.getFileName().toString();
        String sha;
        try {
            sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(sums));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("  " + name)) {
                lines.set(i - 1, "# " + Files.size(file) + " bytes");
                lines.set(i, sha + "  " + name);
            }
        }
        Files.write(sums, lines);
    }
}
