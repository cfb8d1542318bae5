package org.tubelet.datasets.processing;

import java.util.Objects;
import org.tubelet.datasets.video.VideoClip;

/**
 * Hugging Face's center crop ({@code image_transforms.center_crop}, transformers v4.37.2
 * {@code image_transforms.py:407-503}) on uint8 {@code [H, W, 3]} frames.
 *
 * <p>Each axis is handled on its own. When the frame is at least as large as the crop, the crop starts at
 * {@code floor((side - crop) / 2)}, so an odd excess drops the extra row/column at the bottom/right (298 to 224
 * starts at 37, keeps 37..260). When the frame is smaller, it is placed on a zero canvas of the crop size.
 *
 * <p>Padding and Hugging Face versions: v4.37.2 offsets the image by {@code floor(deficit / 2)} and, when the
 * deficit is odd, returns one row/column <i>fewer</i> than the crop (huggingface/transformers#30922). The fix
 * (#30934, v4.42) offsets by {@code ceil(deficit / 2)} and returns the full crop. We follow the fix: the output
 * always has the crop size, which batching needs. For even deficits both versions agree; a shortest-edge resize
 * with {@code crop <= shortest_edge} never pads at all.
 */
public final class CenterCrop {

    /**
     * Where one axis of the crop comes from.
     *
     * @param sourceStart first source row/column copied
     * @param length      number of rows/columns copied
     * @param targetStart where they land in the crop (> 0 only when padding)
     */
    public record Span(int sourceStart, int length, int targetStart) {
    }

    /**
     * Where the whole crop comes from: the source region {@code rows x columns}, pasted at
     * {@code (rows.targetStart, columns.targetStart)} on a zero canvas of the crop size.
     *
     * @param rows    the vertical span
     * @param columns the horizontal span
     */
    public record Placement(Span rows, Span columns) {

        /** The part of the source frame that is kept. */
        public FrameRegion sourceRegion() {
            return new FrameRegion(rows.sourceStart(), columns.sourceStart(), rows.length(), columns.length());
        }

        /** Whether any of the crop is zero padding. */
        public boolean needsPadding() {
            return rows.targetStart() != 0 || columns.targetStart() != 0;
        }
    }

    private final FrameSize size;

    /**
     * @param size the crop size ({@code crop_size})
     */
    public CenterCrop(FrameSize size) {
        this.size = Objects.requireNonNull(size, "size");
    }

    /** The crop size. */
    public FrameSize size() {
        return size;
    }

    /**
     * One axis of the crop.
     *
     * @param side the frame's length on this axis
     * @param crop the crop's length on this axis
     * @return the span: {@code floor((side - crop) / 2)} when {@code side >= crop}, else the whole side placed at
     *         {@code ceil((crop - side) / 2)}
     */
    public static Span span(int side, int crop) {
        if (side <= 0 || crop <= 0) {
            throw new IllegalArgumentException("side and crop must be positive, got side=" + side + ", crop=" + crop);
        }
        if (side >= crop) {
            return new Span(Math.floorDiv(side - crop, 2), crop, 0);
        }
        return new Span(0, side, (crop - side + 1) / 2);
    }

    /** Where the crop of a frame of the given size comes from. */
    public Placement place(FrameSize frame) {
        return new Placement(span(frame.height(), size.height()), span(frame.width(), size.width()));
    }

    /**
     * Crops one frame.
     *
     * @param rgb    source bytes holding a {@code [H, W, 3]} frame at {@code offset}
     * @param offset where the frame starts
     * @param frame  the frame size {@code H x W}
     * @return a new {@code [cropH, cropW, 3]} array
     */
    public byte[] apply(byte[] rgb, int offset, FrameSize frame) {
        Placement p = place(frame);
        int channels = VideoClip.CHANNELS;
        byte[] out = new byte[size.pixels() * channels]; // [cropH, cropW, 3], zero = HF's padding value
        int rowBytes = p.columns().length() * channels;
        for (int y = 0; y < p.rows().length(); y++) {
            int src = offset + ((p.rows().sourceStart() + y) * frame.width() + p.columns().sourceStart()) * channels;
            int dst = ((p.rows().targetStart() + y) * size.width() + p.columns().targetStart()) * channels;
            System.arraycopy(rgb, src, out, dst, rowBytes);
        }
        return out;
    }

    /** Crops every frame of a clip: {@code [T, H, W, 3] -> [T, cropH, cropW, 3]}. */
    public VideoClip apply(VideoClip clip) {
        FrameSize frame = new FrameSize(clip.height(), clip.width());
        int cropBytes = size.pixels() * VideoClip.CHANNELS;
        byte[] out = new byte[Math.multiplyExact(clip.frames(), cropBytes)];
        for (int t = 0; t < clip.frames(); t++) {
            System.arraycopy(apply(clip.rgb(), clip.frameOffset(t), frame), 0, out, t * cropBytes, cropBytes);
        }
        return new VideoClip(clip.frames(), size.height(), size.width(), out);
    }
}
