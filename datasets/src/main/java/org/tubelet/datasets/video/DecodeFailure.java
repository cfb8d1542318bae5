package org.tubelet.datasets.video;

/** Why a video (file or frame folder) could not be used. */
public enum DecodeFailure {
    /** The path does not exist. */
    MISSING("not found"),
    /** The file has zero bytes. */
    EMPTY("zero-length file"),
    /** The container could not be opened or parsed (not a video, truncated header, unknown format). */
    UNREADABLE("cannot open or parse the container"),
    /** The container has no video stream. */
    NO_VIDEO("no video stream"),
    /** The video codec has no decoder in the bundled FFmpeg, or the image format is unknown. */
    UNSUPPORTED("unsupported codec"),
    /** The video ends before a requested frame (fewer frames than its header or annotation says). */
    TRUNCATED("truncated"),
    /** Frames could not be decoded (corrupt data, no decodable frame, changing frame size). */
    CORRUPT("corrupt video data");

    private final String description;

    DecodeFailure(String description) {
        this.description = description;
    }

    /** A few words for logs and reports. */
    public String description() {
        return description;
    }
}
