package org.tubelet.datasets.synthetic;

import java.nio.file.Path;
import java.util.Objects;
import org.tubelet.datasets.layout.LabelMap;

/**
 * A generated dataset on disk in one folder per class ({@link MovingShapes#generateClassFolders}): read
 * {@code train} and {@code val} with {@code Layout.FOLDERS}.
 *
 * @param root       the dataset folder
 * @param train      {@code root/train}, holding {@code <class name>/train_NNNNN.<ext>}
 * @param val        {@code root/val}, holding {@code <class name>/val_NNNNN.<ext>} (no folder without validation videos)
 * @param labels     the classes, in the order of their folder names
 * @param encoder    the FFmpeg encoder used
 * @param trainCount training videos
 * @param valCount   validation videos
 */
public record ClassFolderDataset(Path root, Path train, Path val, LabelMap labels, String encoder, int trainCount,
                                 int valCount) {

    /** Validates that nothing is null. */
    public ClassFolderDataset {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(val, "val");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(encoder, "encoder");
    }
}
