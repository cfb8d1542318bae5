package org.tubelet.datasets.sampling;

/**
 * Where the test views of a video are: the temporal start of clip {@code v} of {@code V} and the spatial offset of
 * crop {@code j} of {@code n}. One formula for every evaluation path ({@code eval}, {@code predict}, the synthetic
 * data's validation views), mmaction2's test mode, which published multi-view numbers use.
 */
public final class TestViews {
    private TestViews() {
    }

    /**
     * Start of temporal view {@code view} of {@code views} in a video of {@code frameCount} frames, for a clip spanning
     * {@code span} frames: {@code floor((v + 0.5) · (N − L + 1) / V)} (so one view of one is centred), 0 when the video
     * is shorter than the span.
     */
    public static int start(int frameCount, int span, int view, int views) {
        FrameSampler.check(frameCount, view, views);
        if (frameCount < span) {
            return 0;
        }
        double interval = (frameCount - span + 1) / (double) views;
        return Math.min(frameCount - span, (int) Math.floor((view + 0.5) * interval));
    }

    /**
     * Offset of spatial crop {@code crop} of {@code crops} along an axis of {@code length} pixels for a crop of
     * {@code size} pixels: 1 crop is centred, 3 crops are start/centre/end (the ViViT and VideoMAE 3-crop protocol).
     */
    public static int cropOffset(int length, int size, int crop, int crops) {
        if (crops <= 0 || crop < 0 || crop >= crops) {
            throw new IllegalArgumentException("crop must be in [0, crops) with crops > 0, got crop " + crop + " of "
                    + crops);
        }
        int room = Math.max(0, length - size);
        return crops == 1 ? room / 2 : (int) Math.round(crop * room / (double) (crops - 1));
    }
}
