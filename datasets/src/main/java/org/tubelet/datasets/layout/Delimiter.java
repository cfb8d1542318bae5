package org.tubelet.datasets.layout;

/** The field separator of a list file. */
public enum Delimiter {
    /** Any run of spaces and tabs (mmaction2, VideoMAE). */
    WHITESPACE,
    /** One space. */
    SPACE,
    /** One tab. */
    TAB,
    /** A comma. */
    COMMA,
    /** A semicolon. */
    SEMICOLON;

    /**
     * Splits off the last {@code n} fields of a line, so that the first field (a path) may itself contain the
     * delimiter.
     *
     * @return {@code n + 1} fields, or {@code null} if the line has fewer than {@code n + 1}
     */
    String[] splitLast(String line, int n) {
        String[] out = new String[n + 1];
        String rest = line.strip();
        for (int i = n; i >= 1; i--) {
            int cut;
            if (this == WHITESPACE) {
                cut = lastWhitespace(rest);
                if (cut < 0) {
                    return null;
                }
                out[i] = rest.substring(cut + 1);
                rest = rest.substring(0, cut).stripTrailing();
                continue;
            }
            cut = rest.lastIndexOf(symbol());
            if (cut < 0) {
                return null;
            }
            out[i] = rest.substring(cut + 1).strip();
            rest = rest.substring(0, cut);
        }
        out[0] = this == WHITESPACE ? rest : rest.strip();
        for (String field : out) {
            if (field.isEmpty()) {
                return null;
            }
        }
        return out;
    }

    /** Number of fields a line has when split at every delimiter. */
    int fieldCount(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return 0;
        }
        return this == WHITESPACE ? s.split("\\s+").length : s.split(java.util.regex.Pattern.quote(symbol()), -1).length;
    }

    private String symbol() {
        return switch (this) {
            case SPACE -> " ";
            case TAB -> "\t";
            case COMMA -> ",";
            case SEMICOLON -> ";";
            case WHITESPACE -> throw new IllegalStateException("WHITESPACE has no single symbol");
        };
    }

    private static int lastWhitespace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
