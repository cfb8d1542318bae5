package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;
import org.tubelet.train.data.MixMode;

/**
 * {@code data.mixup:} mixup and cutmix of training batches with soft targets (timm's {@code Mixup}, as VideoMAE uses
 * it); {@code train.label_smoothing} is folded into the targets. Off unless {@code mixup_alpha}, {@code cutmix_alpha}
 * or {@code cutmix_minmax} is set.
 *
 * @param mixupAlpha mixup's Beta(α, α) (0 = no mixup)
 * @param cutmixAlpha cutmix's Beta(α, α) (0 = no cutmix)
 * @param cutmixMinmax cut box sides as fractions of the frame sides, drawn uniformly, instead of from λ; null = off
 * @param prob probability of mixing a batch (pair, clip)
 * @param switchProb probability of cutmix rather than mixup when both are on
 * @param mode one draw per batch, per pair of clips, or per clip
 * @param correctLam λ from the area of the box after clipping at the frame border
 */
public record MixupSection(double mixupAlpha, double cutmixAlpha, List<Double> cutmixMinmax, double prob,
                           double switchProb, MixMode mode, boolean correctLam) {

    public MixupSection {
        cutmixMinmax = cutmixMinmax == null ? null : List.copyOf(cutmixMinmax);
        require(mixupAlpha >= 0, "mixup_alpha", mixupAlpha, "must not be negative (0 = off)");
        require(cutmixAlpha >= 0, "cutmix_alpha", cutmixAlpha, "must not be negative (0 = off)");
        require(cutmixMinmax == null || (cutmixMinmax.size() == 2 && cutmixMinmax.get(0) > 0
                && cutmixMinmax.get(0) < cutmixMinmax.get(1) && cutmixMinmax.get(1) <= 1), "cutmix_minmax",
                cutmixMinmax, "expected [min, max] with 0 < min < max ≤ 1 (fractions of the frame sides)");
        require(prob >= 0 && prob <= 1, "prob", prob, "must be in [0, 1]");
        require(switchProb >= 0 && switchProb <= 1, "switch_prob", switchProb, "must be in [0, 1]");
    }

    /** Whether batches are mixed (timm's {@code mixup_active}). */
    public boolean enabled() {
        return mixupAlpha > 0 || cutmixAlpha > 0 || cutmixMinmax != null;
    }

    static MixupSection read(Section s) {
        double mixup = s.number("mixup_alpha", 0.0);
        double cutmix = s.number("cutmix_alpha", 0.0);
        List<Double> minmax = s.numbers("cutmix_minmax").orElse(null);
        double prob = s.number("prob", 1.0);
        double switchProb = s.number("switch_prob", 0.5);
        MixMode mode = s.choice("mode", MixMode.class, MixMode.BATCH);
        boolean correct = s.bool("correct_lam", true);
        s.finish();
        return s.build(() -> new MixupSection(mixup, cutmix, minmax, prob, switchProb, mode, correct));
    }
}
