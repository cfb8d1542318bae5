package org.tubelet.recipe;

/**
 * Where a recipe value came from: a file and line, or a {@code --set} override. Printed as {@code file:line} so that
 * editors and terminals can jump to it.
 *
 * @param source a file path, {@code jar:/recipes/x.yaml}, or {@code --set a.b=c}
 * @param line 1-based line, or 0 when the source has no lines
 */
public record Origin(String source, int line) {
    @Override
    public String toString() {
        return line > 0 ? source + ":" + line : source;
    }
}
