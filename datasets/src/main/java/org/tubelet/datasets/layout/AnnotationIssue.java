package org.tubelet.datasets.layout;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One bad annotation entry.
 *
 * @param file    the annotation file (or, for class folders, the folder)
 * @param line    1-based line of the entry, or 0 when the entry has no line (a folder)
 * @param kind    what is wrong
 * @param message details: the offending text, the label, the path looked for
 */
public record AnnotationIssue(Path file, int line, IssueKind kind, String message) {

    /** Validates the values. */
    public AnnotationIssue {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    /** {@code file:line: message}, as compilers report errors. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
