package org.tubelet.datasets.layout;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tubelet.datasets.ByteOrderMark;

/**
 * Reads annotation files as UTF-8 text, without a leading {@link ByteOrderMark}; a file that is not UTF-8 is reported
 * by name, not as a decoder error.
 */
final class AnnotationText {

    private AnnotationText() {
    }

    /** The file's lines. */
    static List<String> lines(Path file) throws IOException {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        }
        if (!lines.isEmpty()) {
            lines.set(0, ByteOrderMark.strip(lines.get(0)));
        }
        return lines;
    }

    /** The whole file. */
    static String text(Path file) throws IOException {
        try {
            return ByteOrderMark.strip(Files.readString(file, StandardCharsets.UTF_8));
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        }
    }

    /**
     * A reader of the file's text for streaming parsers, past the byte-order mark; its {@code read} throws a
     * {@link CharacterCodingException} where the file is not UTF-8 (turn it into {@link #notUtf8}).
     */
    static BufferedReader reader(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            in.mark(1);
            if (in.read() != ByteOrderMark.CHAR) {
                in.reset();
            }
        } catch (CharacterCodingException e) {
            in.close();
            throw notUtf8(file);
        }
        return in;
    }

    /** The error for a file that is not UTF-8 text ({@link CharacterCodingException} names neither file nor fix). */
    static AnnotationException notUtf8(Path file) {
        return new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MALFORMED,
                "not UTF-8 text; save the file as UTF-8"));
    }
}
