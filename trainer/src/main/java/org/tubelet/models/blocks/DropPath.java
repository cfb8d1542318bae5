package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;
import org.tubelet.models.RandomOps;

/**
 * Stochastic depth (Huang et al. 2016, as timm's and HF's {@code drop_path}): in training, the residual branch of each
 * group of rows (a sample, or whatever the layer treats as one sequence) is dropped with probability {@code rate} and
 * kept ones are scaled by 1/(1 - rate): {@code mask = floor(keep + U[0,1)) / keep}. In inference keep is 1, the mask
 * exactly 1 and the branch unchanged. With rate 0 no op is added. The per-layer rates are
 * {@link org.tubelet.models.EncoderFields#dropPathRates}.
 */
public final class DropPath {
    private DropPath() {
    }

    /**
     * @param x [G·S, D] residual branch of G groups of S consecutive rows, each dropped or kept as a whole
     * @param seqLen S, rows per group
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
