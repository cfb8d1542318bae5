/**
 * Optimisers and the learning-rate schedule: {@link org.tubelet.train.optim.Optimizer} (whose state goes into
 * checkpoints) with {@link org.tubelet.train.optim.AdamW} (as {@code torch.optim.AdamW}) and
 * {@link org.tubelet.train.optim.Sgd}, the trainable {@link org.tubelet.train.optim.Param} (with its weight-decay flag
 * and lr scale), {@link org.tubelet.train.optim.ParamGroups} and {@link org.tubelet.train.optim.LayerIds} (layer-wise
 * lr decay), {@link org.tubelet.train.optim.LrSchedule} (linear warmup, then cosine or constant) and
 * {@link org.tubelet.train.optim.WeightEma} (the moving average of the weights).
 *
 * <p>May use {@code org.tubelet.models}, {@code org.tubelet.io} (EMA tensors under HF names) and
 * {@code org.tubelet.engine} (the AdamW pass); no other {@code train} package, nor {@code recipe}, {@code run} or
 * {@code cli}.
 */
package org.tubelet.train.optim;
