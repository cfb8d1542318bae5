package org.tubelet.train.loop;

import java.util.Arrays;

/** The loss (or the gradient norm) became NaN or infinite; training stops before the weights are touched. */
public final class NonFiniteLossException extends RuntimeException {
    private final long step;
    private final long epoch;
    private final int batchIndex;

    public NonFiniteLossException(String what, double value, long step, long epoch, int batchIndex, long[] videoIds) {
        super(what + " is " + value + " at step " + step + " (epoch " + epoch + ", batch " + batchIndex
                + " of the epoch, videos " + preview(videoIds) + ")");
        this.step = step;
        this.epoch = epoch;
        this.batchIndex = batchIndex;
    }

    private static String preview(long[] ids) {
        if (ids == null) {
            return "?";
        }
        return ids.length <= 16 ? Arrays.toString(ids) : Arrays.toString(Arrays.copyOf(ids, 16)) + "…";
    }

    /** The 1-based step whose loss was not finite. */
    public long step() {
        return step;
    }

    public long epoch() {
        return epoch;
    }

    public int batchIndex() {
        return batchIndex;
    }
}
