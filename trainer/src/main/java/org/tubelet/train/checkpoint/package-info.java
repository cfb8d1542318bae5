/**
 * A run's checkpoints: {@link org.tubelet.train.checkpoint.Checkpoints} (each an HF folder plus optimiser state,
 * {@link org.tubelet.train.checkpoint.TrainerState}, the resolved recipe text and {@code metrics.csv}, written
 * atomically, with a format version), {@link org.tubelet.train.checkpoint.CheckpointListener} (when to write, what to
 * keep), {@link org.tubelet.train.checkpoint.IncompatibleCheckpointException} (resume of another format version),
 * {@code CheckpointChecksums} (the {@code checksums.sha256} of each checkpoint),
 * {@link org.tubelet.train.checkpoint.CorruptCheckpointException} (a file that does not match its checksum) and
 * {@link org.tubelet.train.checkpoint.CheckpointWriteException} (a write that failed, e.g. a full disk).
 *
 * <p>The top {@code train} package: may use the other {@code train} packages, {@code hf}, {@code models},
 * {@code io} and {@code datasets}; never {@code recipe} (the recipe arrives as text), {@code run} or {@code cli}.
 */
package org.tubelet.train.checkpoint;
