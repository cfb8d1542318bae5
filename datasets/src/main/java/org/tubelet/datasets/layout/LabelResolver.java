package org.tubelet.datasets.layout;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns labels written as class names or class indices into class indices, against one {@link LabelMap}.
 *
 * <p>With a given label map, a label is looked up as a class name first, then read as a class index
 * ({@code 0 .. size - 1}). Without one, the classes come from the labels themselves, so that every file of a
 * dataset gets the same map: when every label is a whole number they are indices and the classes are
 * {@code "0" .. max}; otherwise the classes are the sorted set of the names, and a number is then no class (its
 * place among the names would be a guess), reported as malformed.
 */
final class LabelResolver {

    private static final int NAMES_SHOWN = 5;

    private final LabelMap classes;
    private final boolean indices;
    private final String example;

    private LabelResolver(LabelMap classes, boolean indices, String example) {
        this.classes = classes;
        this.indices = indices;
        this.example = example;
    }

    /**
     * @param given  the classes, when known (a labels file, the training split's classes)
     * @param labels every label of the file (stripped; empty ones left out), to derive the classes when not given
     */
    static LabelResolver of(Optional<LabelMap> given, Collection<String> labels) {
        if (given.isPresent()) {
            return new LabelResolver(given.get(), true, "");
        }
        List<String> names = labels.stream().filter(l -> !ListFileReader.isInteger(l)).toList();
        if (names.isEmpty()) {
            // negative and too large numbers make no class: each is reported on its line (reportUnknown)
            int max = labels.stream().mapToInt(Integer::parseInt).filter(LabelResolver::numberable).max().orElse(-1);
            return new LabelResolver(LabelMap.numbered(max + 1), true, "");
        }
        return new LabelResolver(LabelMap.sorted(names), false, names.get(0));
    }

    /**
     * Whether a class number can make a class of a numbered map; negative and larger ones are reported, see
     * {@link LabelMap}.
     */
    private static boolean numberable(int label) {
        return label >= 0 && label < LabelMap.MAX_NUMBERED_CLASSES;
    }

    /** The classes labels are resolved against. */
    LabelMap classes() {
        return classes;
    }

    /** The class of a label, if it names one. */
    OptionalInt indexOf(String label) {
        OptionalInt byName = classes.indexOf(label);
        if (byName.isPresent() || !indices || !ListFileReader.isInteger(label)) {
            return byName;
        }
        int index = Integer.parseInt(label);
        return index >= 0 && index < classes.size() ? OptionalInt.of(index) : OptionalInt.empty();
    }

    /** Reports a label {@link #indexOf} does not resolve, saying why. */
    void reportUnknown(IssueLog log, Path file, int line, String label) throws AnnotationException {
        if (!ListFileReader.isInteger(label)) {
            log.report(file, line, IssueKind.UNKNOWN_LABEL, "label '" + label + "' is not a class name; the "
                    + classes.size() + " classes are " + shownNames());
        } else if (!indices) {
            log.report(file, line, IssueKind.MALFORMED, "label '" + label + "' is a class number but other rows "
                    + "give class names (e.g. '" + example + "'); write every label as a name, or give the class "
                    + "order in a labels file");
        } else if (Integer.parseInt(label) < 0) {
            log.report(file, line, IssueKind.UNKNOWN_LABEL, "label " + label + " is not a class index (negative)");
        } else if (!numberable(Integer.parseInt(label))) {
            log.report(file, line, IssueKind.UNKNOWN_LABEL, ListFileReader.beyondNumbered(label));
        } else {
            log.report(file, line, IssueKind.UNKNOWN_LABEL, "label " + label + " is not a class index; expected 0.."
                    + (classes.size() - 1) + " (" + classes.size() + " classes) or a class name");
        }
    }

    private String shownNames() {
        List<String> names = classes.names();
        return names.size() <= NAMES_SHOWN ? String.join(", ", names)
                : String.join(", ", names.subList(0, NAMES_SHOWN)) + ", ... (" + (names.size() - NAMES_SHOWN)
                + " more)";
    }
}
