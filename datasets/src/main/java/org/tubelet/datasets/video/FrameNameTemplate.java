package org.tubelet.datasets.video;

import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the images of a frame folder are named: a printf pattern with one integer field, and the number of the
 * first frame. mmaction2's default is {@code img_%05d.jpg} starting at 1 ({@code img_00001.jpg}, ...).
 *
 * @param pattern    a {@link String#format} pattern with exactly one {@code %d} field (with optional flags and
 *                   width, e.g. {@code %05d}); Python's {@code {:05}} / {@code {:05d}} / {@code {}} are accepted by
 *                   {@link #parse}
 * @param startIndex the number in the name of frame 0 (>= 0)
 */
public record FrameNameTemplate(String pattern, int startIndex) {

    private static final Pattern INT_FIELD = Pattern.compile("%(0?)(\\d*)d");
    private static final Pattern PYTHON_FIELD = Pattern.compile("\\{:?(0?)(\\d*)d?}");

    /** Validates the pattern. */
    public FrameNameTemplate {
        Objects.requireNonNull(pattern, "pattern");
        if (startIndex < 0) {
            throw new IllegalArgumentException("startIndex must be >= 0, got " + startIndex);
        }
        Matcher m = INT_FIELD.matcher(pattern);
        int fields = 0;
        while (m.find()) {
            fields++;
        }
        if (fields != 1 || pattern.replace("%%", "").chars().filter(c -> c == '%').count() != 1) {
            throw new IllegalArgumentException("frame name pattern '" + pattern + "' must contain exactly one integer"
                    + " field such as %05d");
        }
        try {
            String.format(Locale.ROOT, pattern, 1);
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("frame name pattern '" + pattern + "' is not a valid format: "
                    + e.getMessage(), e);
        }
    }

    /** mmaction2's {@code img_%05d.jpg}, starting at 1. */
    public static FrameNameTemplate mmaction2() {
        return new FrameNameTemplate("img_%05d.jpg", 1);
    }

    /**
     * A template from a printf pattern ({@code img_%05d.jpg}) or a Python one ({@code img_{:05}.jpg}).
     *
     * @param template   the pattern
     * @param startIndex the number of frame 0
     * @return the template
     */
    public static FrameNameTemplate parse(String template, int startIndex) {
        Matcher py = PYTHON_FIELD.matcher(template);
        if (!template.contains("%") && py.find()) {
            String field = "%" + py.group(1) + py.group(2) + "d";
            String printf = template.substring(0, py.start()) + field + template.substring(py.end());
            return new FrameNameTemplate(printf, startIndex);
        }
        return new FrameNameTemplate(template, startIndex);
    }

    /** The file name of frame {@code frame} (0-based). */
    public String fileName(int frame) {
        return String.format(Locale.ROOT, pattern, startIndex + frame);
    }

    /** A regular expression matching every file name of this template; group 1 is the number. */
    public Pattern fileNameRegex() {
        Matcher m = INT_FIELD.matcher(pattern);
        if (!m.find()) {
            throw new IllegalStateException(pattern);
        }
        String prefix = pattern.substring(0, m.start()).replace("%%", "%");
        String suffix = pattern.substring(m.end()).replace("%%", "%");
        return Pattern.compile(Pattern.quote(prefix) + "(\\d+)" + Pattern.quote(suffix));
    }
}
