/**
 * Hugging Face conversion: {@code config.json} ↔ the families' config records
 * ({@link org.tubelet.hf.HfConfigs}: one codec per family plus the shared encoder fields, all through the
 * {@link org.tubelet.hf.HfJson} adapter and {@link org.tubelet.hf.HfJsonWriter}), checkpoint folders
 * ({@link org.tubelet.hf.HfCheckpoint}: {@code config.json} + {@code model.safetensors}), weight transfer between
 * graphs ({@link org.tubelet.hf.WeightTransfer}, resizing position tables for another clip size), and initialising
 * ViViT, TimeSformer or VideoMAE from an image ViT ({@link org.tubelet.hf.ImageVitInit}, one plan per family).
 *
 * <p>Sits above {@code org.tubelet.models} and may use it and {@code org.tubelet.io}; {@code models} never imports
 * this package. Errors are {@link org.tubelet.models.ConfigException}s naming the file and the field.
 */
package org.tubelet.hf;
