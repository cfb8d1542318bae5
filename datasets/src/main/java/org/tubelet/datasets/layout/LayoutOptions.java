package org.tubelet.datasets.layout;

import java.util.Objects;
import org.tubelet.datasets.OnError;

/**
 * Settings every layout reader shares.
 *
 * @param onError    {@link OnError#FAIL}: the first bad entry throws an {@link AnnotationException};
 *                   {@link OnError#SKIP}: bad entries are left out, logged and listed in
 *                   {@link DatasetIndex#issues()}
 * @param checkFiles whether to check that every video file (or frame folder) exists while reading (one
 *                   {@code stat} per entry); a missing one is an {@link IssueKind#MISSING_FILE} issue
 * @param unlabelled read the videos only, for self-supervised pretraining: a list line may be a bare path, a
 *                   {@link Layout#FOLDERS} root may hold videos without class folders, and any label the
 *                   annotations give is ignored; every sample is class 0 of {@link DatasetIndex#UNLABELLED}
 */
public record LayoutOptions(OnError onError, boolean checkFiles, boolean unlabelled) {

    /** Validates the values. */
    public LayoutOptions {
        Objects.requireNonNull(onError, "onError");
    }

    /** Labelled reading. */
    public LayoutOptions(OnError onError, boolean checkFiles) {
        this(onError, checkFiles, false);
    }

    /** Skip bad entries, check files. */
    public static LayoutOptions defaults() {
        return new LayoutOptions(OnError.SKIP, true);
    }

    /** Fail on the first bad entry, check files. */
    public static LayoutOptions strict() {
        return new LayoutOptions(OnError.FAIL, true);
    }

    /** The same settings, reading the videos only ({@code true}) or with their labels. */
    public LayoutOptions withUnlabelled(boolean videosOnly) {
        return new LayoutOptions(onError, checkFiles, videosOnly);
    }
}
