package org.tubelet.datasets.layout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.OnError;

/** Collects the bad entries of one annotation read, or throws at the first one, as {@link OnError} says. */
final class IssueLog {

    private static final Logger LOG = LogManager.getLogger(IssueLog.class);
    private static final int LOGGED_IN_FULL = 10;

    private final OnError onError;
    private final List<AnnotationIssue> issues = new ArrayList<>();

    IssueLog(OnError onError) {
        this.onError = onError;
    }

    /**
     * {@code root.resolve(name)}, or empty after reporting a {@link IssueKind#MALFORMED} entry when the name cannot
     * be a file name on this system (a NUL character, ...).
     */
    java.util.Optional<Path> resolve(Path file, int line, Path root, String name) throws AnnotationException {
        try {
            return java.util.Optional.of(root.resolve(name));
        } catch (java.nio.file.InvalidPathException e) {
            report(file, line, IssueKind.MALFORMED, "'" + name.replace("\0", "\\0") + "' is not a valid path ("
                    + e.getReason() + ")");
            return java.util.Optional.empty();
        }
    }

    /** Records a bad entry, or throws it. */
    void report(Path file, int line, IssueKind kind, String message) throws AnnotationException {
        AnnotationIssue issue = new AnnotationIssue(file, line, kind, message);
        if (onError == OnError.FAIL) {
            throw new AnnotationException(issue);
        }
        issues.add(issue);
        if (issues.size() <= LOGGED_IN_FULL) {
            LOG.warn("skipping {}", issue);
        } else {
            LOG.debug("skipping {}", issue);
        }
    }

    /** The index, after logging a one-line summary. */
    DatasetIndex finish(Path file, List<VideoSample> samples, LabelMap labels) {
        if (!issues.isEmpty()) {
            Map<IssueKind, Integer> counts = new EnumMap<>(IssueKind.class);
            issues.forEach(i -> counts.merge(i.kind(), 1, Integer::sum));
            LOG.warn("{}: kept {} samples, skipped {} entries {}", file, samples.size(), issues.size(), counts);
        }
        LOG.info("{}: {} samples, {} classes", file, samples.size(), labels.size());
        return new DatasetIndex(samples, labels, issues);
    }
}
