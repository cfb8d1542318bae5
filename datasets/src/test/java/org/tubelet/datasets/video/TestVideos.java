package org.tubelet.datasets.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_stream_new_side_data;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_set;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** Test videos whose pixels are known, written with the project's own encoder. */
public final class TestVideos {

    private TestVideos() {
    }

    /**
     * The reference pattern: R = 8 + 8t (the frame number, readable through lossy coding up to t = 30), G = 4x, B = 5y, with a
     * bright 8x8 square moving one pixel right per frame so that neighbouring frames also differ in structure.
     */
    public static int pattern(int t, int y, int x, int c) {
        int sx = t % 40;
        if (y >= 8 && y < 16 && x >= sx && x < sx + 8) {
            return 250;
        }
        return switch (c) {
            case 0 -> Math.min(255, 8 + 8 * t);
            case 1 -> Math.min(255, 4 * x);
            default -> Math.min(255, 5 * y);
        };
    }

    /** A clip of the pattern. */
    public static VideoClip patternClip(int frames, int height, int width) {
        byte[] rgb = new byte[frames * height * width * 3];
        int i = 0;
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[i++] = (byte) pattern(t, y, x, c);
                    }
                }
            }
        }
        return new VideoClip(frames, height, width, rgb);
    }

    /** Mean absolute difference of frame {@code t} of a clip from frame {@code patternFrame} of the pattern. */
    public static double errorFromPattern(VideoClip clip, int t, int patternFrame) {
        long sum = 0;
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(clip.get(t, y, x, c) - pattern(patternFrame, y, x, c));
                }
            }
        }
        return sum / (double) (clip.height() * clip.width() * 3);
    }

    /**
     * The pattern frame number that frame {@code t} of a decoded clip shows: its mean red level, away from the
     * moving square, is 8 + 8 * frame number (lossy coding and YUV conversion move it by a few levels).
     */
    public static int frameNumberFromRed(VideoClip clip, int t) {
        return (int) Math.round((meanRed(clip, t) - 8) / 8);
    }

    private static double meanRed(VideoClip clip, int t) {
        long sum = 0;
        int n = 0;
        for (int y = 20; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                sum += clip.get(t, y, x, 0);
                n++;
            }
        }
        return sum / (double) n;
    }

    /** Writes the pattern as a video file. */
    public static Path writePattern(Path file, VideoFormat format, int frames, int height, int width, int gop)
            throws IOException {
        VideoWriter.write(patternClip(frames, height, width), file, format, EncodeSettings.defaults().withGopSize(gop));
        return file;
    }

    /**
     * Copies an mp4 (stream copy, no re-encoding) adding a display matrix made by
     * {@code av_display_rotation_set(matrix, angle)}, as phones store their orientation. FFmpeg 5.0's mp4 muxer
     * and demuxer round trip turns the sign around: the copy reads back with {@code av_display_rotation_get} =
     * {@code -angle}. Checked against the ffmpeg 5.1 command line: a copy made with {@code angle = -90} is shown
     * by {@code ffmpeg -i copy.mp4} (autorotate) turned 90 degrees counter-clockwise, as {@link VideoDecoder}
     * returns it.
     */
    public static void copyWithDisplayMatrix(Path src, Path dst, double angle) {
        AVFormatContext in = new AVFormatContext(null);
        check(avformat_open_input(in, src.toString(), null, null), "open");
        check(avformat_find_stream_info(in, (PointerPointer<?>) null), "find_stream_info");
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, null, dst.toString()), "alloc_output");
        AVStream ist = in.streams(0);
        AVStream ost = avformat_new_stream(out, null);
        check(avcodec_parameters_copy(ost.codecpar(), ist.codecpar()), "parameters_copy");
        ost.codecpar().codec_tag(0);
        ost.time_base(ist.time_base());
        BytePointer matrix = av_stream_new_side_data(ost, AV_PKT_DATA_DISPLAYMATRIX, 9 * 4);
        av_display_rotation_set(new IntPointer(matrix), angle);
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, dst.toString(), AVIO_FLAG_WRITE), "avio_open");
        out.pb(pb);
        check(avformat_write_header(out, (AVDictionary) null), "write_header");
        AVPacket pkt = av_packet_alloc();
        while (av_read_frame(in, pkt) >= 0) {
            av_packet_rescale_ts(pkt, ist.time_base(), ost.time_base());
            pkt.stream_index(0);
            check(av_interleaved_write_frame(out, pkt), "write_frame");
            av_packet_unref(pkt);
        }
        check(av_write_trailer(out), "write_trailer");
        av_packet_free(pkt);
        avio_closep(out.pb());
        avformat_free_context(out);
        avformat_close_input(in);
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }
}
