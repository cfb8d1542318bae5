package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/** Small token manipulations shared by the families: prepending a learned token, picking one token. */
public final class Tokens {
    private Tokens() {
    }

    /**
     * Prepends a learned token (e.g. CLS) to every sequence of a batch whose size is only known at run time.
     *
     * @param tokens [B, N, D] @param token [1, 1, D] @return [B, 1 + N, D]
     */
    public static SDVariable prepend(SDVariable token, SDVariable tokens) {
        return tokens.getSameDiff().concat(1, broadcast(token, tokens), tokens);
    }

    /**
     * A learned token repeated for every sequence of a batch whose size is only known at run time.
     *
     * @param token [1, 1, D] @param tokens [B, N, D] @return [B, 1, D]
     */
    public static SDVariable broadcast(SDVariable token, SDVariable tokens) {
        // zeros [B, 1, D] + token: the batch size comes from the data, gradients reach the token.
        return tokens.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()).mul(0.0).add(token);
    }

    /** @param tokens [B, S, D] @return [B, D], token {@code index} of each sequence */
    public static SDVariable select(SDVariable tokens, int index) {
        return tokens.get(SDIndex.all(), SDIndex.point(index), SDIndex.all());
    }
}
