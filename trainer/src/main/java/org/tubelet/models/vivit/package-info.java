/**
 * ViViT (Arnab et al., ICCV 2021): HF's {@code VivitModel} / {@code VivitForVideoClassification} (the paper's model 1,
 * joint space-time attention) and the paper's models 2-4: {@link org.tubelet.models.vivit.FactorisedEncoder},
 * {@link org.tubelet.models.vivit.FactorisedSelfAttentionLayer} and
 * {@link org.tubelet.models.vivit.FactorisedDotProductAttention}, with tubelet or uniform-frame embedding.
 *
 * <p>May use {@code org.tubelet.models} and {@code org.tubelet.models.blocks}; not the other families.
 */
package org.tubelet.models.vivit;
