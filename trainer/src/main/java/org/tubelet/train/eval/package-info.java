/**
 * Multi-view evaluation as the video papers report it: {@link org.tubelet.train.eval.Evaluator} runs every view
 * (temporal clip × spatial crop) through the model in inference mode and averages each video's softmax;
 * {@link org.tubelet.train.eval.EvalResult} holds top-1/top-5, mean class accuracy, loss and the confusion matrix.
 * VideoMAE pretraining is validated by {@link org.tubelet.train.eval.MaskedReconstruction}: the model's own loss on
 * held-out clips under fixed masks (an {@code EvalResult} with the loss only).
 *
 * <p>May use {@code org.tubelet.train.data}, {@code models}, {@code engine} ({@code GraphSessions}) and {@code io};
 * not the loop, listeners or checkpoints (they use it), nor {@code recipe}, {@code run} or {@code cli}.
 */
package org.tubelet.train.eval;
