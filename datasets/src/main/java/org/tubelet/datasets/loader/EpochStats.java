package org.tubelet.datasets.loader;

/**
 * Throughput of one epoch (or of its part consumed so far).
 *
 * @param epoch               the epoch
 * @param batches             batches handed out
 * @param clips               clips decoded and transformed
 * @param substituted         clips that replaced an unreadable video
 * @param seconds             wall time since the epoch started
 * @param clipsPerSecond      {@code clips / seconds}
 * @param consumerWaitSeconds time the consumer spent waiting in {@code next()} for a batch; close to 0 when the
 *                            loader keeps up with training
 */
public record EpochStats(int epoch, int batches, int clips, int substituted, double seconds, double clipsPerSecond,
                         double consumerWaitSeconds) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "epoch %d: %d batches, %d clips in %.1f s (%.1f clips/s), consumer"
                        + " waited %.1f s (%.0f%%), %d substituted for unreadable videos", epoch, batches, clips, seconds,
                clipsPerSecond, consumerWaitSeconds, seconds > 0 ? 100 * consumerWaitSeconds / seconds : 0, substituted);
    }
}
