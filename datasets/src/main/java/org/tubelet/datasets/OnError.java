package org.tubelet.datasets;

/**
 * What to do with bad input (a malformed annotation line, an unknown label, a missing or unreadable video).
 *
 * <p>Layout readers and the loader take this as a setting. With {@link #SKIP} every problem is logged once,
 * counted and reported in a summary; with {@link #FAIL} the first problem ends the read or the run with an
 * exception naming the file (and the line, for annotations).
 */
public enum OnError {
    /** Leave the bad item out, record it, go on. */
    SKIP,
    /** Stop at the first bad item with an exception. */
    FAIL
}
