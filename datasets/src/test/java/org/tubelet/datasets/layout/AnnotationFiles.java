package org.tubelet.datasets.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small annotation files and stand-in videos under a test's folder, and the check of a reported issue. */
record AnnotationFiles(Path dir) {

    /** A one-byte file (a video path that exists) at {@code relative}. */
    Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
        return p;
    }

    /** A UTF-8 text file of the lines, each ended by a newline. */
    Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    /** The issue names the file, the line (0: the whole file) and the kind, and its text starts with "file:line: ". */
    static void assertIssue(AnnotationIssue issue, Path file, int line, IssueKind kind) {
        assertEquals(file, issue.file(), issue.toString());
        assertEquals(line, issue.line(), issue.toString());
        assertEquals(kind, issue.kind(), issue.toString());
        assertTrue(issue.toString().startsWith(file + (line > 0 ? ":" + line + ": " : ": ")), issue.toString());
    }
}
