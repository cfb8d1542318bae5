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
    }
}
