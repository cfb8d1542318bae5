/**
 * TimeSformer (Bertasius et al., ICML 2021): HF's {@code TimesformerModel} / {@code TimesformerForVideoClassification}
 * with divided space-time ({@link org.tubelet.models.timesformer.DividedSpaceTimeLayer}), joint space-time and
 * space-only attention, and nearest resizing of the position tables for other input sizes.
 *
 * <p>May use {@code org.tubelet.models} and {@code org.tubelet.models.blocks}; not the other families.
 */
package org.tubelet.models.timesformer;
