/**
 * TensorBoard event files written without TensorFlow: {@link org.tubelet.io.tensorboard.EventFileWriter} (scalars,
 * PNG images, Markdown text) on a hand-written protocol-buffer encoder and TFRecord framing with masked CRC-32C.
 *
 * <p>Part of the {@code io} layer: uses the JDK only.
 */
package org.tubelet.io.tensorboard;
