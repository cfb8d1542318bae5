package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.RandomOps;

/**
 * Stochastic depth: in training, each sequence's residual branch is dropped with probability {@code rate} and the
 * kept ones scaled by 1/(1 - rate), as timm/HF's {@code drop_path} ({@code floor(keep + U)/keep}); identity in
 * inference. With rate 0 no op is added.
 */
public final class DropPath {
    private DropPath() {
    }

    /**
     * @param x [G·S, D] residual branch of G sequences of S tokens
     * @return [G·S, D]
     */
    public static SDVariable apply(GraphContext g, SDVariable x, long seqLen, long hidden, double rate) {
        if (rate <= 0.0) {
            return x;
        }
        var sd = g.sd();
        SDVariable x3 = sd.reshape(x, -1, seqLen, hidden);                                      // [G, S, D]
        SDVariable one = x3.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.interval(0, 1)); // [G, 1, 1]
        SDVariable u = RandomOps.uniform(sd, sd.shape(one), x.dataType());
        SDVariable keep = g.training().mul(rate).rsub(1.0);                                   // 1 - rate·training
        SDVariable mask = sd.math.floor(u.add(keep)).div(keep);                               // [G, 1, 1]
        return sd.reshape(x3.mul(mask), -1, hidden);                                          // [G·S, D]
    }
}
