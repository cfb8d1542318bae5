package org.tubelet.datasets.layout;

import java.util.List;
import java.util.Objects;

/**
 * What a layout reader returns: the samples, the classes, and the entries it left out.
 *
 * @param samples the readable entries, in file order
 * @param labels  the classes; every sample's label is in {@code [0, labels.size())}
 * @param issues  entries skipped (empty when reading with {@code OnError.FAIL})
 */
public record DatasetIndex(List<VideoSample> samples, LabelMap labels, List<AnnotationIssue> issues) {

    /** Copies the lists and checks every label is a class. */
    public DatasetIndex {
        samples = List.copyOf(samples);
        Objects.requireNonNull(labels, "labels");
        issues = List.copyOf(issues);
        for (VideoSample s : samples) {
            if (s.label() >= labels.size()) {
                throw new IllegalArgumentException("sample " + s.path() + " has label " + s.label() + " but there are "
                        + labels.size() + " classes");
            }
        }
    }

    /** Number of samples of each class, indexed by class. */
    public int[] countsPerClass() {
        int[] counts = new int[labels.size()];
        for (VideoSample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }
}
