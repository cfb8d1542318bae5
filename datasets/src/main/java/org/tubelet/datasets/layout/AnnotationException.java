package org.tubelet.datasets.layout;

import java.io.IOException;
import java.util.Objects;

/** A bad annotation entry when reading with {@code OnError.FAIL}; the message is {@code file:line: message}. */
public final class AnnotationException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient AnnotationIssue issue;

    /** @param issue the entry that stopped the read */
    public AnnotationException(AnnotationIssue issue) {
        super(issue.toString());
        this.issue = Objects.requireNonNull(issue, "issue");
    }

    /** The entry that stopped the read. */
    public AnnotationIssue issue() {
        return issue;
    }
}
