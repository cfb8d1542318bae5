package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;

/**
 * {@code optim:} the optimiser.
 *
 * @param name adamw or sgd
 * @param lr peak learning rate (after warmup)
 * @param betas AdamW's (β1, β2)
 * @param eps AdamW's ε
 * @param momentum SGD momentum (0 = plain SGD)
 * @param nesterov SGD Nesterov momentum
 * @param weightDecay decoupled weight decay (AdamW) or L2 added to the gradient (SGD)
 * @param noWeightDecay parameter-name fragments exempt from weight decay (biases, norms, embeddings, tokens);
 *     one-dimensional parameters are always exempt
 * @param clipGradNorm global gradient-norm clipping threshold, 0 = off
 * @param accumulateSteps micro-batches whose gradients are summed into one optimiser step
 * @param layerDecay layer-wise learning-rate decay in (0, 1]: a parameter at layer id {@code i} of a model with
 *     {@code L} encoder layers trains at {@code lr · layer_decay^(L + 1 − i)} (embeddings 0, head {@code L + 1});
 *     1 = off
 */
public record OptimSection(Name name, double lr, List<Double> betas, double eps, double momentum, boolean nesterov,
                           double weightDecay, List<String> noWeightDecay, double clipGradNorm,
                           int accumulateSteps, double layerDecay) {

    /** The optimisers. */
    public enum Name implements Section.Choice {
        ADAMW("adamw"), SGD("sgd");

        private final String key;

        Name(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public static final List<String> DEFAULT_NO_WEIGHT_DECAY = List.of("bias", "norm", "cls_token",
            "position_embeddings", "time_embeddings", "mask_token", "pos_embed");

    public OptimSection {
        betas = List.copyOf(betas);
        noWeightDecay = List.copyOf(noWeightDecay);
        require(lr > 0, "lr", lr, "must be positive");
        require(betas.size() == 2, "betas", betas, "expected two values [beta1, beta2]");
        for (double b : betas) {
            require(b >= 0 && b < 1, "betas", betas, "each must be in [0, 1)");
        }
        require(eps > 0, "eps", eps, "must be positive");
        require(momentum >= 0 && momentum < 1, "momentum", momentum, "must be in [0, 1)");
        require(!nesterov || momentum > 0, "nesterov", nesterov, "needs momentum > 0");
        require(weightDecay >= 0, "weight_decay", weightDecay, "must not be negative");
        require(clipGradNorm >= 0, "clip_grad_norm", clipGradNorm, "must not be negative (0 turns clipping off)");
        require(accumulateSteps >= 1, "accumulate_steps", accumulateSteps, "must be at least 1");
        require(layerDecay > 0 && layerDecay <= 1, "layer_decay", layerDecay, "must be in (0, 1] (1 = off)");
    }

    static OptimSection read(Section s) {
        Name name = s.choice("name", Name.class, Name.ADAMW);
        double lr = s.number("lr", 1e-3);
        List<Double> betas = s.numbers("betas").orElse(List.of(0.9, 0.999));
        double eps = s.number("eps", 1e-8);
        double momentum = s.number("momentum", name == Name.SGD ? 0.9 : 0.0);
        boolean nesterov = s.bool("nesterov", false);
        double wd = s.number("weight_decay", name == Name.ADAMW ? 0.05 : 0.0);
        List<String> exempt = s.strings("no_weight_decay", DEFAULT_NO_WEIGHT_DECAY);
        double clip = s.number("clip_grad_norm", 1.0);
        int accumulate = s.integer("accumulate_steps", 1);
        double layerDecay = s.number("layer_decay", 1.0);
        s.finish();
        return s.build(() -> new OptimSection(name, lr, betas, eps, momentum, nesterov, wd, exempt, clip,
                accumulate, layerDecay));
    }
}
