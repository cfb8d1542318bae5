package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.tubelet.models.GraphContext;
import org.tubelet.models.RandomOps;

/**
 * Inverted dropout that is active only when the graph's training flag is 1 (DL4J's dropout ops have no gradient and
 * no train/eval switch). With probability 0 no op is added at all.
 */
public final class Dropout {
    private Dropout() {
    }

    /** @param x any shape; @param p drop probability in [0, 1) */
    public static SDVariable apply(GraphContext g, SDVariable x, double p) {
        if (p <= 0.0) {
            return x;
        }
        SameDiff sd = g.sd();
        SDVariable u = RandomOps.uniform(sd, sd.shape(x), x.dataType());
        SDVariable dropP = g.training().mul(p);                      // p in training, 0 in inference
        SDVariable mask = u.gte(dropP).castTo(x.dataType()).div(dropP.rsub(1.0));
        return x.mul(mask);
    }
}
