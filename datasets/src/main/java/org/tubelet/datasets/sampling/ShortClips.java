package org.tubelet.datasets.sampling;

/** Frame runs that may run past the end of a video. */
final class ShortClips {

    private ShortClips() {
    }

    /**
     * {@code frames} indices {@code start + i * stride}, with positions past the end wrapped or clamped.
     */
    static int[] consecutive(int frames, int start, int stride, int frameCount, ShortVideoPolicy policy) {
        int[] out = new int[frames];
        for (int i = 0; i < frames; i++) {
            long p = start + (long) i * stride;
            out[i] = p < frameCount ? (int) p
                    : policy == ShortVideoPolicy.LOOP ? (int) (p % frameCount) : frameCount - 1;
        }
        return out;
    }
}
