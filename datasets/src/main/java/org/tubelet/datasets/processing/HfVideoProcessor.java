package org.tubelet.datasets.processing;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.processing.CenterCrop.Placement;
import org.tubelet.datasets.processing.CenterCrop.Span;
import org.tubelet.datasets.video.VideoClip;

/**
 * Hugging Face's {@code VideoMAEImageProcessor} / {@code VivitImageProcessor} (transformers v4.37.2) for one
 * video, matching {@code processor(list_of_frames, return_tensors="np")["pixel_values"]} bit for bit.
 *
 * <p>Each frame goes through, in this order: resize (shortest edge or exact size, Pillow bilinear on uint8,
 * {@link PilBilinearResize}) -> center crop (uint8, {@link CenterCrop}) -> rescale -> normalize (float32,
 * {@link PixelValueLut}) -> {@code HWC -> CHW}. Every step honours its {@code do_*} flag. Only the cropped window
 * of the resized frame is computed; it equals the full resize followed by the crop.
 *
 * <p>Dimension legend: {@code T} = frames, {@code H, W} = input height and width, {@code h, w} = output height
 * and width (the crop size, or the resized size when {@code do_center_crop} is false), {@code 3} = R, G, B.
 *
 * <p>Differences from Hugging Face, all outside normal use: when neither {@code do_rescale} nor
 * {@code do_normalize} is set, HF returns uint8 while {@link #process} returns the same integers as floats;
 * HF misreads frames of height 1 or 3 as channels-first ({@code infer_channel_dimension_format}), we do not;
 * padding crops follow HF's fixed center crop (see {@link CenterCrop}).
 *
 * <p>Instances are immutable apart from an internal cache of resize weight tables (a concurrent map) and are safe
 * to share between loader threads.
 */
public final class HfVideoProcessor {

    private static final Logger LOG = LogManager.getLogger(HfVideoProcessor.class);
    private static final int MAX_CACHED_RESIZES = 64;

    private final ProcessorConfig config;
    private final PixelValueLut lut;
    private final Optional<CenterCrop> crop;
    private final ConcurrentMap<ResizeKey, PilBilinearResize> resizes = new ConcurrentHashMap<>();

    private record ResizeKey(FrameSize input, FrameSize output) {
    }

    /**
     * @param config a validated processor config
     */
    public HfVideoProcessor(ProcessorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.lut = PixelValueLut.of(config);
        this.crop = config.doCenterCrop() ? Optional.of(new CenterCrop(config.cropSize())) : Optional.empty();
        LOG.debug("{} processor: {}", config.type().hfName(), config);
    }

    /** The config this processor applies. */
    public ProcessorConfig config() {
        return config;
    }

    /** The rescale/normalize table this processor applies after the crop. */
    public PixelValueLut valueLut() {
        return lut;
    }

    /** The frame size after the resize step (the input size when {@code do_resize} is false). */
    public FrameSize resizedSize(FrameSize input) {
        return config.doResize() ? config.size().outputSize(input) : input;
    }

    /** The output frame size {@code h x w} for frames of the given input size. */
    public FrameSize outputFrameSize(FrameSize input) {
        return crop.map(CenterCrop::size).orElseGet(() -> resizedSize(input));
    }

    /**
     * The output frame size when it does not depend on the input: the crop size, or an exact resize size when
     * there is no crop. Empty when it depends on the input (no crop, and a shortest-edge resize or none).
     */
    public Optional<FrameSize> fixedOutputFrameSize() {
        if (crop.isPresent()) {
            return Optional.of(crop.get().size());
        }
        if (config.doResize() && config.size() instanceof ExactSize exact) {
            return Optional.of(exact.size());
        }
        return Optional.empty();
    }

    /**
     * The shape of {@code pixel_values} for one video of {@code frames} frames: {@code {1, T, 3, h, w}}.
     *
     * @throws IllegalStateException if the output size depends on the input size (see
     *                               {@link #fixedOutputFrameSize()}); use {@link #outputShape(int, FrameSize)}
     */
    public long[] outputShape(int frames) {
        FrameSize out = fixedOutputFrameSize().orElseThrow(() -> new IllegalStateException(
                "the output size depends on the input size (do_center_crop is false and size is not a fixed "
                        + "{height, width}); call outputShape(frames, inputSize)"));
        return shape(frames, out);
    }

    /** The shape of {@code pixel_values} for a video of {@code frames} frames of the given size: {@code {1, T, 3, h, w}}. */
    public long[] outputShape(int frames, FrameSize input) {
        return shape(frames, outputFrameSize(input));
    }

    private static long[] shape(int frames, FrameSize out) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be > 0, got " + frames);
        }
        return new long[] {1, frames, VideoClip.CHANNELS, out.height(), out.width()};
    }

    /**
     * Only the resize step, for inspection: the uint8 frames Hugging Face produces before the crop.
     *
     * @param clip {@code [T, H, W, 3]}
     * @return {@code [T, resizedH, resizedW, 3]} (the same clip when nothing changes)
     */
    public VideoClip resize(VideoClip clip) {
        FrameSize input = new FrameSize(clip.height(), clip.width());
        FrameSize resized = resizedSize(input);
        return resized.equals(input) ? clip : resizeFor(input, resized).resize(clip);
    }

    /**
     * Processes one video.
     *
     * @param clip {@code [T, H, W, 3]} uint8 RGB
     * @return {@code [T, 3, h, w]} float32, C order (the {@code pixel_values} of shape {@code [1, T, 3, h, w]})
     */
    public float[] process(VideoClip clip) {
        FrameSize out = outputFrameSize(new FrameSize(clip.height(), clip.width()));
        float[] dst = new float[Math.multiplyExact(clip.frames(), VideoClip.CHANNELS * out.pixels())];
        process(clip, dst, 0);
        return dst;
    }

    /**
     * Processes one video into an existing buffer, e.g. one sample of a reusable batch {@code [B, T, 3, h, w]}.
     *
     * @param clip      {@code [T, H, W, 3]} uint8 RGB
     * @param dst       receives {@code [T, 3, h, w]} float32 at {@code dstOffset}
     * @param dstOffset where to write
     */
    public void process(VideoClip clip, float[] dst, int dstOffset) {
        FrameSize input = new FrameSize(clip.height(), clip.width());
        FrameSize resized = resizedSize(input);
        FrameSize out = outputFrameSize(input);
        Placement placement = crop.map(c -> c.place(resized))
                .orElseGet(() -> new Placement(new Span(0, resized.height(), 0), new Span(0, resized.width(), 0)));
        Span rows = placement.rows();
        Span cols = placement.columns();
        FrameRegion window = placement.sourceRegion(); // the part of the resized frame that survives the crop
        int plane = out.pixels(); // h * w
        int frameFloats = VideoClip.CHANNELS * plane; // [3, h, w]
        Objects.checkFromIndexSize(dstOffset, Math.multiplyExact(clip.frames(), frameFloats), dst.length);

        PilBilinearResize resize = resized.equals(input) ? null : resizeFor(input, resized);
        byte[] windowPixels = null; // [window.h, window.w, 3]
        byte[] tmp = null;
        int[] acc = null;
        if (resize != null) {
            windowPixels = new byte[window.height() * window.width() * VideoClip.CHANNELS];
            tmp = new byte[resize.scratchBytes(window)];
            acc = new int[window.width() * VideoClip.CHANNELS];
        }
        float[] table = lut.table();
        for (int t = 0; t < clip.frames(); t++) {
            byte[] src;
            int base; // offset of the window's pixel (0, 0) channel 0
            int rowStride;
            if (resize != null) {
                resize.resize(clip.rgb(), clip.frameOffset(t), window, windowPixels, 0, tmp, acc);
                src = windowPixels;
                base = 0;
                rowStride = window.width() * VideoClip.CHANNELS;
            } else { // the window is read straight from the input frame
                src = clip.rgb();
                base = clip.frameOffset(t) + (window.top() * resized.width() + window.left()) * VideoClip.CHANNELS;
                rowStride = resized.width() * VideoClip.CHANNELS;
            }
            int frameOut = dstOffset + t * frameFloats;
            for (int c = 0; c < VideoClip.CHANNELS; c++) { // HWC -> CHW
                int lo = PixelValueLut.channelOffset(c);
                int planeOut = frameOut + c * plane; // dst[t, c, :, :]
                if (placement.needsPadding()) {
                    Arrays.fill(dst, planeOut, planeOut + plane, table[lo]); // zero-padded uint8 -> value of 0
                }
                for (int y = 0; y < rows.length(); y++) {
                    int d = planeOut + (rows.targetStart() + y) * out.width() + cols.targetStart();
                    int s = base + y * rowStride + c;
                    for (int x = 0; x < cols.length(); x++, s += VideoClip.CHANNELS) {
                        dst[d + x] = table[lo + (src[s] & 0xFF)];
                    }
                }
            }
        }
    }

    private PilBilinearResize resizeFor(FrameSize input, FrameSize output) {
        if (resizes.size() >= MAX_CACHED_RESIZES) {
            resizes.clear(); // many distinct video sizes: keep the cache bounded
        }
        return resizes.computeIfAbsent(new ResizeKey(input, output), k -> new PilBilinearResize(k.input(), k.output()));
    }
}
