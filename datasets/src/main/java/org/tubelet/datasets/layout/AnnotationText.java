package org.tubelet.datasets.layout;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads annotation files as UTF-8 text; a file that is not UTF-8 is reported by name, not as a decoder error. */
final class AnnotationText {

    private AnnotationText() {
    }

    /** The file's lines. */
    static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        }
    }

    /** The whole file. */
    static String text(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        }
    }

    /** The error for a file that is not UTF-8 text ({@link CharacterCodingException} names neither file nor fix). */
    static AnnotationException notUtf8(Path file) {
        return new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MALFORMED,
                "not UTF-8 text; save the file as UTF-8"));
    }
}
