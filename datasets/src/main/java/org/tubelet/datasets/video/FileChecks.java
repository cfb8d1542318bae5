package org.tubelet.datasets.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checks every source does before handing a path to a parser: exists, right kind, not empty. */
final class FileChecks {

    private FileChecks() {
    }

    /** A regular, non-empty file. */
    static void requireNonEmptyFile(Path path) throws VideoDecodeException {
        if (!Files.exists(path)) {
            throw new VideoDecodeException(path, DecodeFailure.MISSING, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new VideoDecodeException(path, DecodeFailure.UNREADABLE, "is a directory, expected a video file");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new VideoDecodeException(path, DecodeFailure.UNREADABLE, "cannot read the file size: " + e, e);
        }
        if (size == 0) {
            throw new VideoDecodeException(path, DecodeFailure.EMPTY, "0 bytes");
        }
    }

    /** An existing directory. */
    static void requireDirectory(Path path) throws VideoDecodeException {
        if (!Files.exists(path)) {
            throw new VideoDecodeException(path, DecodeFailure.MISSING, "no such frame folder");
        }
        if (!Files.isDirectory(path)) {
            throw new VideoDecodeException(path, DecodeFailure.UNREADABLE, "is not a directory, expected a frame folder");
        }
    }

    /** Checks that frame indices are given and non-negative. */
    static void requireFrameIndices(int[] frameIndices) {
        if (frameIndices == null || frameIndices.length == 0) {
            throw new IllegalArgumentException("frameIndices must hold at least one index");
        }
        for (int i = 0; i < frameIndices.length; i++) {
            if (frameIndices[i] < 0) {
                throw new IllegalArgumentException("frameIndices[" + i + "] = " + frameIndices[i] + " is negative");
            }
        }
    }
}
