package org.tubelet.datasets.video;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decodes frames of video files (mp4/h264, webm/vp9, mkv, avi/mpeg4, ogv/theora, anything the bundled FFmpeg
 * reads) with JavaCV's {@code FFmpegFrameGrabber}, to RGB {@link VideoClip}s turned by the container's rotation.
 *
 * <p><b>Only what a clip needs is decoded.</b> For the first wanted frame, and again for a later one when a
 * keyframe lies between the current position and it, the decoder seeks to the keyframe before it and decodes
 * forward; frames that are not wanted are decoded but never converted to RGB. Seeks are verified: the frame
 * reached is identified by its timestamp (frame {@code i} is presented at {@code start + i / fps}), and a seek
 * that lands after the target is redone from earlier. Decoding frame {@code i} therefore gives the same pixels
 * as decoding the whole video and taking its {@code i}-th frame.
 *
 * <p>Frame counts ({@link #probe}) follow {@link DecoderOptions#frameCountPolicy()}: the header's count when it
 * is consistent with the duration, else counted by decoding.
 *
 * <p>Stateless apart from its options: every call opens the file, so one decoder can serve many threads.
 */
public final class VideoDecoder implements ClipSource {

    private static final Logger LOG = LogManager.getLogger(VideoDecoder.class);

    private final DecoderOptions options;

    /**
     * @param options decoding settings
     */
    public VideoDecoder(DecoderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A decoder with {@link DecoderOptions#defaults()}. */
    public VideoDecoder() {
        this(DecoderOptions.defaults());
    }

    /** The settings. */
    public DecoderOptions options() {
        return options;
    }

    @Override
    public VideoInfo probe(Path path) throws VideoDecodeException {
        try (FfmpegVideoSession s = FfmpegVideoSession.open(path, options)) {
            double duration = s.durationSeconds();
            OptionalInt header = s.headerFrameCount();
            int count;
            FrameCountSource source;
            if (header.isPresent() && options.frameCountPolicy() != FrameCountPolicy.DECODE
                    && agreesWithDuration(header.getAsInt(), duration, s.fps())) {
                count = header.getAsInt();
                source = FrameCountSource.HEADER;
            } else if (options.frameCountPolicy() == FrameCountPolicy.HEADER_ELSE_ESTIMATE && duration > 0) {
                count = (int) Math.max(1, Math.round(duration * s.fps()));
                source = FrameCountSource.DURATION_ESTIMATE;
            } else {
                count = countByDecoding(s, path);
                source = FrameCountSource.DECODED;
                if (header.isPresent() && header.getAsInt() != count) {
                    LOG.debug("{}: header says {} frames, decoding found {}", path, header.getAsInt(), count);
                }
            }
            if (!(duration > 0)) {
                duration = count / s.fps();
            }
            return new VideoInfo(s.fps(), count, source, duration, s.displayWidth(), s.displayHeight(), s.codecName(),
                    s.rotation());
        }
    }

    @Override
    public VideoClip decode(Path path, int[] frameIndices) throws VideoDecodeException {
        return decodeWithStats(path, frameIndices).clip();
    }

    /**
     * {@link #decode}, also reporting how many frames were decoded and how many seeks were made.
     *
     * @param path         the video file
     * @param frameIndices indices in {@code [0, frameCount)}, any order, repeats allowed, at least one
     * @return the clip {@code [frameIndices.length, H, W, 3]} and its cost
     * @throws VideoDecodeException if the file cannot be decoded, or ends more than
     *                              {@link DecoderOptions#tailTolerance()} frames before a requested frame
     */
    public DecodeResult decodeWithStats(Path path, int[] frameIndices) throws VideoDecodeException {
        FileChecks.requireFrameIndices(frameIndices);
        int[] wanted = Arrays.stream(frameIndices).sorted().distinct().toArray();
        try (FfmpegVideoSession s = FfmpegVideoSession.open(path, options)) {
            int frameBytes = s.frameBytes();
            byte[] decoded = new byte[Math.multiplyExact(wanted.length, frameBytes)]; // [U, H, W, 3], sorted order
            int k = 0; // next wanted frame
            int seekedFor = -1; // one seek per target: a second one would land on the same keyframe
            while (k < wanted.length) {
                int target = wanted[k];
                boolean seek = target != seekedFor && s.worthSeeking(target);
                if (seek) {
                    seekedFor = target;
                }
                int index = seek ? s.seekTo(target) : s.next();
                if (index < 0) { // end of the video before the target
                    fillTail(s, path, wanted, k, decoded, frameBytes);
                    break;
                }
                if (index < target) {
                    continue;
                }
                // index >= target: this frame is wanted[k], and any wanted frame a timestamp gap skipped over
                s.currentToRgb(decoded, k * frameBytes);
                int first = k++;
                while (k < wanted.length && wanted[k] <= index) {
                    System.arraycopy(decoded, first * frameBytes, decoded, k * frameBytes, frameBytes);
                    k++;
                }
            }
            VideoClip unique = new VideoClip(wanted.length, s.displayHeight(), s.displayWidth(), decoded);
            VideoClip clip = Arrays.equals(wanted, frameIndices) ? unique : unique.subClip(positions(frameIndices, wanted));
            return new DecodeResult(clip, s.framesDecoded(), s.seeks());
        }
    }

    @Override
    public int decodeAll(Path path) throws VideoDecodeException {
        try (FfmpegVideoSession s = FfmpegVideoSession.open(path, options)) {
            return countByDecoding(s, path);
        }
    }

    /** Frames past the end: the last frame repeated when within the tolerance, else the video is truncated. */
    private void fillTail(FfmpegVideoSession s, Path path, int[] wanted, int k, byte[] decoded, int frameBytes)
            throws VideoDecodeException {
        int lastIndex = s.currentIndex();
        int furthest = wanted[wanted.length - 1];
        if (lastIndex < 0) {
            throw new VideoDecodeException(path, DecodeFailure.TRUNCATED, "no decodable frame at or before frame "
                    + wanted[k]);
        }
        if (furthest - lastIndex > options.tailTolerance()) {
            throw new VideoDecodeException(path, DecodeFailure.TRUNCATED, "frame " + furthest + " was requested but"
                    + " the video ends after frame " + lastIndex + " (" + (lastIndex + 1) + " frames)");
        }
        LOG.debug("{}: frames {}..{} are past the end (last frame {}); repeating the last frame", path, wanted[k],
                furthest, lastIndex);
        s.currentToRgb(decoded, k * frameBytes);
        for (int j = k + 1; j < wanted.length; j++) {
            System.arraycopy(decoded, k * frameBytes, decoded, j * frameBytes, frameBytes);
        }
    }

    private static int countByDecoding(FfmpegVideoSession s, Path path) throws VideoDecodeException {
        int max = -1;
        int n = 0;
        for (int index = s.next(); index >= 0; index = s.next()) {
            max = Math.max(max, index);
            n++;
        }
        if (n == 0) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "no decodable video frame");
        }
        if (max + 1 != n) {
            LOG.debug("{}: {} frames decoded, timestamps span {} frame slots", path, n, max + 1);
        }
        return Math.max(n, max + 1);
    }

    private static boolean agreesWithDuration(int headerCount, double durationSeconds, double fps) {
        if (!(durationSeconds > 0)) {
            return true; // nothing to check against
        }
        double expected = durationSeconds * fps;
        return Math.abs(headerCount - expected) <= Math.max(2.0, 0.02 * headerCount);
    }

    /** For each requested index, its position in the sorted distinct list. */
    private static int[] positions(int[] requested, int[] sortedDistinct) {
        int[] pos = new int[requested.length];
        for (int i = 0; i < requested.length; i++) {
            pos[i] = Arrays.binarySearch(sortedDistinct, requested[i]);
        }
        return pos;
    }
}
