package org.tubelet.datasets.layout;

/** The columns of a list file. */
public enum ListFormat {
    /** {@code path label}: video files (VideoMAE, mmaction2 {@code VideoDataset}). */
    VIDEO,
    /** {@code path total_frames label}: frame folders (mmaction2 {@code RawframeDataset}). */
    FRAME_FOLDER,
    /**
     * Per line: {@link #FRAME_FOLDER} when the last two fields are integers and there are at least three,
     * else {@link #VIDEO}.
     */
    AUTO
}
