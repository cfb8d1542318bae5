package org.tubelet.datasets.synthetic;

import java.nio.file.Path;
import java.util.Objects;
import org.tubelet.datasets.layout.LabelMap;

/**
 * A generated dataset on disk: read it with {@code Layout.LIST} (or {@code ListFileReader}), which also finds
 * {@code labels.txt}.
 *
 * @param root       the dataset folder
 * @param trainList  {@code train.txt}: "videos/train_00000.mp4 label" lines
 * @param valList    {@code val.txt}
 * @param labelsFile {@code labels.txt}: one class name per line
 * @param labels     the classes
 * @param encoder    the FFmpeg encoder used
 * @param trainCount videos in {@code train.txt}
 * @param valCount   videos in {@code val.txt}
 */
public record SyntheticDataset(Path root, Path trainList, Path valList, Path labelsFile, LabelMap labels, String encoder,
                               int trainCount, int valCount) {

    /** Validates that nothing is null. */
    public SyntheticDataset {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(trainList, "trainList");
        Objects.requireNonNull(valList, "valList");
        Objects.requireNonNull(labelsFile, "labelsFile");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(encoder, "encoder");
    }
}
