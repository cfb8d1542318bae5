package org.tubelet.recipe;

/** What a recipe trains. */
public enum Task implements Section.Choice {
    /** Supervised video classification (cross-entropy with label smoothing). */
    CLASSIFICATION("classification"),
    /** Self-supervised masked-video pretraining (VideoMAE: tube masks, pixel reconstruction loss). */
    PRETRAINING("pretraining");

    private final String key;

    Task(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
