package org.tubelet.datasets.layout;

/** What is wrong with an annotation entry. */
public enum IssueKind {
    /** The line or entry cannot be parsed (wrong number of fields, a number that is not one, missing key). */
    MALFORMED,
    /** The label is not a class of the label map. */
    UNKNOWN_LABEL,
    /** The video file or frame folder the entry names does not exist. */
    MISSING_FILE
}
