package org.tubelet.datasets.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;

/**
 * Sends FFmpeg's own log lines (which would otherwise go to stderr) to Log4j, logger
 * {@code org.tubelet.datasets.video.ffmpeg}: errors and warnings at DEBUG, the rest is not produced.
 *
 * <p>They are DEBUG because they are details: every video that fails is already reported once, with its path and
 * reason, by whoever decoded it. FFmpeg's logging is process-wide, so this is installed once, the first time a
 * decoder or encoder is used.
 */
final class FfmpegLog extends LogCallback {

    private static final Logger LOG = LogManager.getLogger("org.tubelet.datasets.video.ffmpeg");
    private static FfmpegLog instance;

    private FfmpegLog() {
    }

    /** Installs the callback (idempotent). */
    static synchronized void install() {
        if (instance == null) {
            instance = new FfmpegLog().retainReference(); // the callback must outlive every native caller
            av_log_set_level(AV_LOG_WARNING);
            setLogCallback(instance);
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        Level l = level <= AV_LOG_ERROR ? Level.DEBUG : Level.TRACE;
        if (LOG.isEnabled(l)) {
            LOG.log(l, msg.getString().strip());
        }
    }
}
