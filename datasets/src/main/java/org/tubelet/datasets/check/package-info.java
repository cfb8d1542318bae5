/**
 * {@code dataset check}'s logic: {@link org.tubelet.datasets.check.DatasetCheck} reads every header (optionally
 * decodes every frame) of a dataset's samples and returns a {@link org.tubelet.datasets.check.DatasetReport} (class
 * counts, frame rates, durations, sizes, codecs, unreadable videos, frame-count mismatches).
 *
 * <p>May use {@code org.tubelet.datasets.layout} and {@code org.tubelet.datasets.video}; nothing uses it inside the
 * module (the trainer's {@code run.DatasetChecks} does).
 */
package org.tubelet.datasets.check;
