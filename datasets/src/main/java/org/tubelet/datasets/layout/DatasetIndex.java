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

    /** The one class of a dataset read without labels ({@link LayoutOptions#unlabelled()}). */
    public static final LabelMap UNLABELLED = LabelMap.of(List.of("unlabelled"));

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

    /** The same videos without their labels: every sample is class 0 of {@link #UNLABELLED}. */
    public DatasetIndex withoutLabels() {
        return new DatasetIndex(samples.stream().map(s -> new VideoSample(s.path(), 0, s.frameCount())).toList(),
                UNLABELLED, issues);
    }

    /** Whether the samples carry no labels ({@link #withoutLabels()}). */
    public boolean unlabelled() {
        return labels.equals(UNLABELLED);
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
