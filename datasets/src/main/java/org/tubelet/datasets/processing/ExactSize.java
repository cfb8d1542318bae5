package org.tubelet.datasets.processing;

/**
 * Resize straight to a fixed size, ignoring the aspect ratio: Hugging Face's {@code {"height": h, "width": w}}
 * {@code size} dict (VideoMAE/ViViT {@code resize}, v4.37.2 {@code image_processing_videomae.py:164-165}).
 *
 * @param size the output frame size
 */
public record ExactSize(FrameSize size) implements ResizeRule {

    /** Validates that the size is present. */
    public ExactSize {
        if (size == null) {
            throw new IllegalArgumentException("ExactSize needs a size");
        }
    }

    /** Convenience constructor from height and width. */
    public ExactSize(int height, int width) {
        this(new FrameSize(height, width));
    }

    @Override
    public FrameSize outputSize(FrameSize input) {
        return size;
    }
}
