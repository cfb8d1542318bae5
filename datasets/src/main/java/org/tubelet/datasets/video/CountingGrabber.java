package org.tubelet.datasets.video;

import java.io.File;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * An {@link FFmpegFrameGrabber} that counts the video frames it decodes, including those JavaCV decodes and
 * drops inside {@code setVideoTimestamp} while seeking, so a decoder can report (and tests can check) how much
 * work a clip cost.
 */
final class CountingGrabber extends FFmpegFrameGrabber {

    private int videoFramesDecoded;
    private long lastTimestamp = Long.MIN_VALUE;

    CountingGrabber(File file) {
        super(file);
    }

    /** Video frames decoded since this grabber was started. */
    int videoFramesDecoded() {
        return videoFramesDecoded;
    }

    @Override
    public synchronized Frame grabFrame(boolean doAudio, boolean doVideo, boolean doProcessing, boolean keyFrames,
                                        boolean doData) throws Exception {
        Frame f = super.grabFrame(doAudio, doVideo, doProcessing, keyFrames, doData);
        // JavaCV hands the frame it stopped on after a seek out a second time; count it once.
        if (f != null && f.image != null && f.timestamp != lastTimestamp) {
            videoFramesDecoded++;
            lastTimestamp = f.timestamp;
        }
        return f;
    }
}
