/**
 * The PyTorch 2.7 anchor of {@code make bench}: {@link org.tubelet.benchdjl.DjlBench} times the bench models of
 * {@code bench/} (exported as TorchScript by {@code bench/export_torchscript.py}) in DJL's PyTorch engine, forward and
 * an AdamW training step, and prints one JSON line with the keys of the other two programs (forward_ms,
 * train_step_ms, peak_rss_mb, params, forward_gflop). A separate module so that the trainer jar does not carry
 * libtorch; the native library comes from the {@code pytorch-native-cpu} jar on the class path, DJL runs offline.
 */
package org.tubelet.benchdjl;
