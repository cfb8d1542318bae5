package org.tubelet.models.blocks;

import org.nd4j.autodiff.samediff.SDVariable;
import org.tubelet.models.GraphContext;

/**
 * Tubelet (3-D patch) embedding: non-overlapping kt×kh×kw tubes of the clip, each projected to D dimensions.
 * Numerically HF's {@code Conv3d(kernel = stride = tubelet)} followed by {@code flatten(2).transpose(1, 2)}, written as
 * patchify + one matrix product (faster than conv3d here, and exact).
 *
 * <p>Dimensions: B batch, T frames, C channels, H×W image; nT = T/kt, nH = H/kh, nW = W/kw, N = nT·nH·nW tokens in
 * HF's order {@code t'·nH·nW + h'·nW + w'}; K = C·kt·kh·kw, the filter size in PyTorch's (C, kt, kh, kw) order.
 */
public final class TubeletEmbedding {
    private final Linear projection;
    private final int channels;
    private final int kt;
    private final int kh;
    private final int kw;
    private final int hidden;

    public TubeletEmbedding(Linear projection, int hidden, int channels, int kt, int kh, int kw) {
        this.projection = projection;
        this.hidden = hidden;
        this.channels = channels;
        this.kt = kt;
        this.kh = kh;
        this.kw = kw;
    }

    /** {@code prefix.projection.{weight,bias}}; the weight is held as [D, K] in the graph. */
    public static TubeletEmbedding of(GraphContext g, String prefix, int hidden, int channels, int kt, int kh,
                                      int kw) {
        return new TubeletEmbedding(Linear.of(g, prefix + ".projection"), hidden, channels, kt, kh, kw);
    }

    /** @param pixels [B, T, C, H, W] @return [B, N, D] */
    public SDVariable apply(SDVariable pixels, int frames, int height, int width) {
        long n = (long) (frames / kt) * (height / kh) * (width / kw);
        return project(tubes(pixels, frames, height, width), n);
    }

    /** @param pixels [B, T, C, H, W] @return [B, N, K]: each token's tube, flattened in the filter's order */
    public SDVariable tubes(SDVariable pixels, int frames, int height, int width) {
        var sd = pixels.getSameDiff();
        int nT = frames / kt;
        int nH = height / kh;
        int nW = width / kw;
        long n = (long) nT * nH * nW;
        SDVariable x = sd.reshape(pixels, -1, nT, kt, channels, nH, kh, nW, kw);  // [B, nT, kt, C, nH, kh, nW, kw]
        x = sd.permute(x, 0, 1, 4, 6, 3, 2, 5, 7);                                  // [B, nT, nH, nW, C, kt, kh, kw]
        return sd.reshape(x, -1, n, (long) channels * kt * kh * kw);                // [B, N, K]
    }

    /**
     * The projection of some tokens' tubes (each token on its own, so projecting a selection of the tubes is
     * projecting all of them and selecting after).
     *
     * @param tubes [B, M, K]
     * @param tokens M
     * @return [B, M, D]
     */
    public SDVariable project(SDVariable tubes, long tokens) {
        var sd = tubes.getSameDiff();
        SDVariable x = sd.reshape(tubes, -1, (long) channels * kt * kh * kw);      // [B·M, K]
        return sd.reshape(projection.apply(x), -1, tokens, hidden);                 // [B, M, D]
    }
}
