package org.tubelet.datasets.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A video that cannot be probed or decoded: the message starts with the path, then the {@link DecodeFailure}
 * and the detail (usually FFmpeg's own words), e.g.
 * {@code /data/k400/val/abc_000010_000020.mp4: cannot open or parse the container: moov atom not found}.
 */
public final class VideoDecodeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final DecodeFailure reason;
    private final String detail;

    /**
     * @param path   the video file or frame folder
     * @param reason the kind of failure
     * @param detail what exactly went wrong
     * @param cause  the underlying exception, or {@code null}
     */
    public VideoDecodeException(Path path, DecodeFailure reason, String detail, Throwable cause) {
        super(path + ": " + reason.description() + ": " + detail, cause);
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** Same, without a cause. */
    public VideoDecodeException(Path path, DecodeFailure reason, String detail) {
        this(path, reason, detail, null);
    }

    /** The video that failed. */
    public Path path() {
        return path;
    }

    /** The kind of failure. */
    public DecodeFailure reason() {
        return reason;
    }

    /** What exactly went wrong, without the path. */
    public String detail() {
        return detail;
    }
}
