package org.tubelet.datasets.processing;

/**
 * How a processor picks the resized frame size: Hugging Face's {@code size} dict, either
 * {@code {"shortest_edge": n}} ({@link ShortestEdge}) or {@code {"height": h, "width": w}} ({@link ExactSize}).
 */
public sealed interface ResizeRule permits ShortestEdge, ExactSize {

    /**
     * The frame size after resizing a frame of the given size.
     *
     * @param input the frame size before resizing
     * @return the frame size after resizing
     */
    FrameSize outputSize(FrameSize input);
}
