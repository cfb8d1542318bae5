package org.tubelet.datasets.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_stream_get_side_data;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry_from_timestamp;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getColorspaceDetails;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * One open video file: a JavaCV grabber in RAW image mode (frames stay in the codec's pixel format until a clip
 * needs them), the frame-index arithmetic, seeking with verification, and RGB conversion of the frames kept.
 *
 * <p>Frame {@code i} is the frame whose presentation time is {@code start + i / fps}: a frame's index is its
 * timestamp relative to the video stream's start, times the average frame rate, rounded. For constant-frame-rate
 * video this is the frame's position in display order, so decoding frame {@code i} after a seek gives the same
 * picture as decoding the whole video and taking the {@code i}-th frame.
 *
 * <p>Used by one thread at a time; {@link #close()} frees the native resources.
 */
final class FfmpegVideoSession implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(FfmpegVideoSession.class);
    private static final Pattern FFMPEG_ERROR = Pattern.compile("^(\\w+)\\(\\) error (-?\\d+)");

    private final Path path;
    private final CountingGrabber grabber;
    private final AVStream stream;
    private final double fps;
    private final long startMicros;
    private final Rotation rotation;
    private final int storedWidth;
    private final int storedHeight;
    private final AVFrame current = av_frame_alloc(); // a reference to the last frame grabbed
    private int currentIndex = -1; // its index; -1 when there is none (just opened, or after a seek)
    private int seeks;

    private SwsContext sws;
    private BytePointer rgb;
    private PointerPointer<BytePointer> rgbPlanes;
    private IntPointer rgbLinesize;
    private byte[] unrotated;

    private FfmpegVideoSession(Path path, CountingGrabber grabber) throws VideoDecodeException {
        this.path = path;
        this.grabber = grabber;
        if (!grabber.hasVideo()) {
            throw new VideoDecodeException(path, DecodeFailure.NO_VIDEO, "format " + grabber.getFormat()
                    + " has no video stream");
        }
        this.stream = firstVideoStream(grabber.getFormatContext());
        this.fps = frameRate(stream, grabber);
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "the video stream has no frame rate");
        }
        long start = stream.start_time();
        this.startMicros = start == AV_NOPTS_VALUE ? 0 : micros(start, stream.time_base());
        this.storedWidth = stream.codecpar().width();
        this.storedHeight = stream.codecpar().height();
        if (storedWidth <= 0 || storedHeight <= 0) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "the video stream has no frame size");
        }
        this.rotation = readRotation(stream, grabber);
    }

    /**
     * Opens a video file for decoding.
     *
     * @throws VideoDecodeException if it is missing, empty, not a video, or its codec cannot be decoded
     */
    static FfmpegVideoSession open(Path path, DecoderOptions options) throws VideoDecodeException {
        FileChecks.requireNonEmptyFile(path);
        FfmpegLog.install();
        CountingGrabber grabber = new CountingGrabber(path.toFile());
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        grabber.setVideoOption("threads", Integer.toString(options.threads()));
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(grabber);
            throw classifyStartFailure(path, e);
        }
        try {
            return new FfmpegVideoSession(path, grabber);
        } catch (VideoDecodeException | RuntimeException e) {
            releaseQuietly(grabber);
            throw e;
        }
    }

    /** Average frame rate of the video stream. */
    double fps() {
        return fps;
    }

    /** FFmpeg's name of the video codec. */
    String codecName() {
        return avcodec_get_name(stream.codecpar().codec_id()).getString();
    }

    /** The rotation applied to every frame. */
    Rotation rotation() {
        return rotation;
    }

    /** Width of the frames returned (after rotation). */
    int displayWidth() {
        return rotation.swapsSides() ? storedHeight : storedWidth;
    }

    /** Height of the frames returned (after rotation). */
    int displayHeight() {
        return rotation.swapsSides() ? storedWidth : storedHeight;
    }

    /** Bytes in one RGB frame. */
    int frameBytes() {
        return storedWidth * storedHeight * VideoClip.CHANNELS;
    }

    /** The container's frame count ({@code nb_frames}), empty when it has none. */
    OptionalInt headerFrameCount() {
        long n = stream.nb_frames();
        return n > 0 && n <= Integer.MAX_VALUE ? OptionalInt.of((int) n) : OptionalInt.empty();
    }

    /** Duration of the video stream in seconds, or NaN when the container does not say. */
    double durationSeconds() {
        long d = stream.duration();
        if (d != AV_NOPTS_VALUE && d > 0) {
            return d * (double) stream.time_base().num() / stream.time_base().den();
        }
        long total = grabber.getFormatContext().duration();
        return total != AV_NOPTS_VALUE && total > 0 ? total / (double) AV_TIME_BASE : Double.NaN;
    }

    /** Video frames decoded so far, including those decoded and dropped while seeking. */
    int framesDecoded() {
        return grabber.videoFramesDecoded();
    }

    /** Seeks done so far. */
    int seeks() {
        return seeks;
    }

    /**
     * Index of the current frame: the one last returned by {@link #next()} or {@link #seekTo(int)}, which stays
     * current when {@code next()} reaches the end; -1 when there is none (just opened, or just seeked).
     */
    int currentIndex() {
        return currentIndex;
    }

    /**
     * Decodes the next frame and makes it current.
     *
     * @return its index, or -1 at the end of the video (the last frame then stays current)
     */
    int next() throws VideoDecodeException {
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "decoding after frame " + currentIndex
                    + " failed: " + e.getMessage(), e);
        }
        if (f == null || f.opaque == null) {
            return -1; // the last frame stays current
        }
        av_frame_unref(current);
        if (av_frame_ref(current, (AVFrame) f.opaque) < 0) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "could not reference a decoded frame");
        }
        currentIndex = indexOfMicros(f.timestamp);
        return currentIndex;
    }

    /**
     * Whether seeking is cheaper than decoding forward to {@code target}: true when a keyframe lies after the
     * current position and at or before the target. Without a seek index (some containers load theirs only at
     * the first seek), when the target is more than two seconds ahead.
     */
    boolean worthSeeking(int target) {
        int nextIndex = currentIndex + 1;
        if (target <= nextIndex) {
            return false;
        }
        OptionalLong key = keyframeMicrosAtOrBefore(target);
        if (key.isPresent()) {
            return indexOfMicros(key.getAsLong()) > nextIndex;
        }
        return target - nextIndex > Math.max(16, 2 * fps);
    }

    /**
     * Seeks so that the current frame is {@code target} or one before it: to the keyframe at or before it, then
     * decoding forward. The frame reached is checked: if
     * the seek landed after the target, it is redone from 2 s and 10 s earlier, then from the start.
     *
     * @return the index of the current frame after the seek (<= target unless the video has no earlier frame),
     *         or -1 if the video ends before it
     */
    int seekTo(int target) throws VideoDecodeException {
        long[] backoffFrames = {0, Math.round(2 * fps), Math.round(10 * fps), Integer.MAX_VALUE};
        int index = -1;
        for (long backoff : backoffFrames) {
            int from = (int) Math.max(0, target - backoff);
            if (!seekNear(from)) {
                return next(); // not seekable: go on from wherever the demuxer is
            }
            index = next();
            if (index >= 0 && index <= target) {
                return index;
            }
            LOG.debug("{}: seek to frame {} landed on frame {}; retrying from earlier", path, from, index);
            if (from == 0) {
                break;
            }
        }
        return index;
    }

    /**
     * JavaCV's plain {@code setTimestamp} (without {@code setVideoTimestamp}'s extra half-second look-back):
     * FFmpeg seeks to the keyframe at or before the time, JavaCV decodes forward to it. The time is half a frame
     * before the frame, so timestamp rounding cannot carry the seek past it.
     */
    private boolean seekNear(int frame) {
        long micros = startMicros + Math.round((frame - 0.5) * 1e6 / fps);
        long formatStart = grabber.getFormatContext().start_time();
        long relative = Math.max(0, micros - (formatStart == AV_NOPTS_VALUE ? 0 : formatStart));
        try {
            grabber.setTimestamp(relative);
            seeks++;
            av_frame_unref(current);
            currentIndex = -1;
            return true;
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            LOG.debug("{}: cannot seek ({}); decoding forward", path, e.getMessage());
            return false;
        }
    }

    /**
     * Absolute time (µs) of the last keyframe at or before frame {@code frame}, from the seek index; empty when
     * the index does not reach that far (Matroska builds its index while reading, until the first seek loads the
     * cues). Index times are decoding times, which precede presentation times by up to the codec's reorder
     * delay, so the lookup is made that many frames (plus one) before the frame.
     */
    private OptionalLong keyframeMicrosAtOrBefore(int frame) {
        int entries = avformat_index_get_entries_count(stream);
        if (entries <= 0) {
            return OptionalLong.empty();
        }
        AVRational tb = stream.time_base();
        int margin = Math.max(0, stream.codecpar().video_delay()) + 1;
        long micros = startMicros + Math.round((frame - margin + 0.5) * 1e6 / fps);
        long pts = Math.floorDiv(micros * tb.den(), 1_000_000L * tb.num());
        AVIndexEntry last = avformat_index_get_entry(stream, entries - 1);
        if (last == null || last.isNull() || last.timestamp() < pts) {
            return OptionalLong.empty();
        }
        AVIndexEntry key = avformat_index_get_entry_from_timestamp(stream, pts, AVSEEK_FLAG_BACKWARD);
        if (key == null || key.isNull()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(micros(key.timestamp(), tb));
    }

    private int indexOfMicros(long micros) {
        return (int) Math.round((micros - startMicros) * fps / 1e6);
    }

    /**
     * Sets the YUV matrix and input range of the conversion as the ffmpeg CLI's scale filter does by default
     * ({@code in_color_matrix=auto}, {@code in_range=auto}): the matrix of the frame's colour space (BT.601 when
     * unspecified), the frame's range when it has one, else the pixel format's (full for {@code yuvj*}). Set only
     * when the context holds other values: {@code sws_getCachedContext} makes a new context for every frame of a
     * {@code yuvj*} format (it compares the requested format with the one it normalised), which may even reuse the
     * address of the old one, so the context itself is asked.
     */
    private void setColorDetails(int colorspace, int range) {
        int[] current = new int[4];
        int[] invTable = new int[4];
        int[] table = new int[4];
        int srcFull;
        int dstFull;
        int brightness;
        int contrast;
        int saturation;
        try (PointerPointer<IntPointer> invP = new PointerPointer<>(1L);
             PointerPointer<IntPointer> tableP = new PointerPointer<>(1L);
             IntPointer scalars = new IntPointer(5L)) {
            sws_getColorspaceDetails(sws, invP, scalars.getPointer(0), tableP, scalars.getPointer(1),
                    scalars.getPointer(2), scalars.getPointer(3), scalars.getPointer(4));
            invP.get(IntPointer.class, 0).get(current);
            srcFull = scalars.get(0);
            dstFull = scalars.get(1);
            brightness = scalars.get(2);
            contrast = scalars.get(3);
            saturation = scalars.get(4);
        }
        IntPointer coefficients = sws_getCoefficients(colorspace);
        coefficients.get(invTable);
        coefficients.get(table);
        int inFull = range != AVCOL_RANGE_UNSPECIFIED ? (range == AVCOL_RANGE_JPEG ? 1 : 0) : srcFull;
        if (inFull == srcFull && java.util.Arrays.equals(current, invTable)) {
            return;
        }
        sws_setColorspaceDetails(sws, invTable, inFull, table, dstFull, brightness, contrast, saturation);
    }

    /**
     * Converts the current frame to RGB, rotated.
     *
     * @param dst       receives {@code [displayHeight, displayWidth, 3]} at {@code dstOffset}
     * @param dstOffset where to write
     */
    void currentToRgb(byte[] dst, int dstOffset) throws VideoDecodeException {
        if (currentIndex < 0) {
            throw new IllegalStateException("no current frame");
        }
        int w = current.width();
        int h = current.height();
        if (w != storedWidth || h != storedHeight) {
            throw new VideoDecodeException(path, DecodeFailure.CORRUPT, "frame " + currentIndex + " is " + w + "x" + h
                    + " but the stream is " + storedWidth + "x" + storedHeight + " (WxH)");
        }
        int rowBytes = w * VideoClip.CHANNELS;
        // swscale's SIMD converters write whole blocks of pixels: give every row room for a block past the width
        // and an aligned start, or the last pixels of a row come out wrong (widths not a multiple of 8/16).
        int stride = ((w + 31) / 32 * 32 * VideoClip.CHANNELS + 63) / 64 * 64;
        if (rgb == null) {
            rgb = new BytePointer((long) stride * h + 64);
            rgbPlanes = new PointerPointer<BytePointer>(1).put(0, rgb);
            rgbLinesize = new IntPointer(1).put(0, stride);
        }
        // The conversion of the ffmpeg CLI (-pix_fmt rgb24), and so of PyAV and decord: see RgbConversion.
        sws = sws_getCachedContext(sws, w, h, current.format(), w, h, AV_PIX_FMT_RGB24, SWS_BICUBIC,
                null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            BytePointer name = av_get_pix_fmt_name(current.format());
            throw new VideoDecodeException(path, DecodeFailure.UNSUPPORTED, "cannot convert pixel format "
                    + (name == null ? String.valueOf(current.format()) : name.getString()) + " to RGB");
        }
        setColorDetails(current.colorspace(), current.color_range());
        // AVFrame begins with its data[] array, so the frame's address is the address of its plane pointers.
        sws_scale(sws, new PointerPointer<>(current), current.linesize(), 0, h, rgbPlanes, rgbLinesize);
        byte[] rows = dst;
        int rowsOffset = dstOffset;
        if (rotation != Rotation.NONE) {
            if (unrotated == null) {
                unrotated = new byte[frameBytes()];
            }
            rows = unrotated;
            rowsOffset = 0;
        }
        for (int y = 0; y < h; y++) {
            rgb.position((long) y * stride).get(rows, rowsOffset + y * rowBytes, rowBytes);
        }
        rgb.position(0);
        if (rotation != Rotation.NONE) {
            rotation.apply(unrotated, 0, h, w, dst, dstOffset);
        }
    }

    @Override
    public void close() {
        av_frame_free(current);
        if (sws != null) {
            sws_freeContext(sws);
        }
        if (rgb != null) {
            rgb.close();
            rgbPlanes.close();
            rgbLinesize.close();
        }
        releaseQuietly(grabber);
    }

    private static AVStream firstVideoStream(AVFormatContext oc) {
        for (int i = 0; i < oc.nb_streams(); i++) { // the stream JavaCV decodes: the first video stream
            AVStream st = oc.streams(i);
            if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                return st;
            }
        }
        throw new IllegalStateException("grabber reports video but the container has no video stream");
    }

    private static double frameRate(AVStream st, FFmpegFrameGrabber grabber) {
        for (AVRational r : new AVRational[] {st.avg_frame_rate(), st.r_frame_rate()}) {
            if (r.num() > 0 && r.den() > 0) {
                return r.num() / (double) r.den();
            }
        }
        return grabber.getFrameRate();
    }

    private Rotation readRotation(AVStream st, FFmpegFrameGrabber g) {
        BytePointer matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, (org.bytedeco.javacpp.SizeTPointer) null);
        if (matrix != null && !matrix.isNull()) {
            double angle = av_display_rotation_get(new IntPointer(matrix));
            if (!Double.isNaN(angle)) {
                Rotation r = Rotation.fromDisplayMatrixAngle(angle);
                if (Math.abs(Math.IEEEremainder(-angle - r.degreesClockwise(), 360)) > 1) {
                    LOG.warn("{}: display matrix rotation {} degrees is not a multiple of 90; using {}", path, angle, r);
                }
                return r;
            }
        }
        String tag = g.getVideoMetadata("rotate"); // older muxers: clockwise degrees as a tag
        if (tag != null && !tag.isBlank()) {
            try {
                return Rotation.nearest(Double.parseDouble(tag.trim()));
            } catch (NumberFormatException e) {
                LOG.warn("{}: ignoring rotate tag '{}', not a number", path, tag);
            }
        }
        return Rotation.NONE;
    }

    private static long micros(long pts, AVRational tb) {
        return 1_000_000L * pts * tb.num() / tb.den(); // as JavaCV computes frame timestamps
    }

    private static VideoDecodeException classifyStartFailure(Path path, Exception e) {
        String message = String.valueOf(e.getMessage());
        DecodeFailure reason = message.contains("avcodec_find_decoder") || message.contains("avcodec_open2")
                || message.contains("Unsupported") ? DecodeFailure.UNSUPPORTED : DecodeFailure.UNREADABLE;
        Matcher m = FFMPEG_ERROR.matcher(message);
        String detail = message;
        if (m.find()) {
            byte[] buf = new byte[256];
            if (av_strerror(Integer.parseInt(m.group(2)), buf, buf.length) == 0) {
                int n = 0;
                while (n < buf.length && buf[n] != 0) {
                    n++;
                }
                detail = m.group(1) + ": " + new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return new VideoDecodeException(path, reason, detail, e);
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            LOG.debug("releasing a grabber failed: {}", e.toString());
        }
    }
}
