/**
 * Hugging Face's {@code VideoMAEImageProcessor} / {@code VivitImageProcessor} (transformers v4.37.2) bit for bit:
 * {@link org.tubelet.datasets.processing.HfVideoProcessor} (resize, centre crop, rescale, normalise) built from a
 * typed {@link org.tubelet.datasets.processing.ProcessorConfig} ({@code preprocessor_config.json}), with Pillow's
 * bilinear resize ({@link org.tubelet.datasets.processing.PilBilinearResize}),
 * {@link org.tubelet.datasets.processing.CenterCrop} and the resize rules
 * ({@link org.tubelet.datasets.processing.ShortestEdge}, {@link org.tubelet.datasets.processing.ExactSize}).
 *
 * <p>May use {@code org.tubelet.datasets.video} (frames); nothing else of Tubelet's.
 */
package org.tubelet.datasets.processing;
