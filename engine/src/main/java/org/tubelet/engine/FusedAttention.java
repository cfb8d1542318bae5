package org.tubelet.engine;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head scaled dot-product attention, {@code softmax(q·kᵀ·scale)·v} for every group of S tokens and every head,
 * as one graph op on the projections' own layout and one backward op, instead of the ≈ 12 ops each way of the
 * written-out form (three reshapes and permutes into heads, the scaling, two batched products, the softmax, a permute
 * and a reshape back).
 *
 * <p>q, k, v and the output are [G·S, H·d] (the rows of G groups of S tokens, heads side by side in the columns), so
 * no permute is ever copied: BLAS reads each head's [S, d] block in place with a row stride of H·d. The softmax is
 * libnd4j's, on all G·H score matrices at once. The backward pass computes the probabilities again instead of keeping
 * them (a graph op has one output): one more product and softmax per pass, against ≈ 12 fewer ops.
 *
 * <p>The node is a stock {@code layer_norm} of (q, k, v) carrying a marker, like {@link FusedLinear}'s; its output and
 * its backward's three outputs have the shapes of its inputs, as a layer norm's do. Attention-probability dropout is
 * not part of it: blocks fuse attention only without it.
 */
public final class FusedAttention implements FusedNode<FusedAttention.Shape> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedAttention NODE = new FusedAttention();

    /** Marks a {@code layer_norm} node as fused attention: iArgs are {1, MARKER, S, H, float bits of the scale}. */
    static final int MARKER = 0x54424154;   // "TBAT"

    /**
     * Per-thread score and gradient matrices by their shape [G·H·S, S] (encoder and decoder sizes alternate). By shape,
     * not element count: two calls with the same G·H·S² but another S need other rows for the softmax.
     */
    private static final ThreadLocal<Map<List<Long>, INDArray[]>> SCRATCH = ThreadLocal.withInitial(HashMap::new);

    private FusedAttention() {
    }

    /**
     * The fused node.
     *
     * @param q [G·S, H·d]
     * @param k [G·S, H·d]
     * @param v [G·S, H·d]
     * @param seqLen S
     * @param heads H
     * @param scale multiplier of the scores (1/√d)
     * @return [G·S, H·d]
     */
    public static SDVariable node(SDVariable q, SDVariable k, SDVariable v, long seqLen, int heads, double scale) {
        return NODE.build(new Shape(Math.toIntExact(seqLen), heads, (float) scale), q, k, v);
    }

    /** S tokens per group, H heads, the scores' scale. */
    public record Shape(int seqLen, int heads, float scale) {
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    public Carrier carrier() {
        return Carrier.LAYER_NORM;
    }

    /** {1, MARKER, S, H, float bits of the scale}. */
    @Override
    public int[] encode(Shape s, SDVariable... inputs) {
        return new int[] {1, MARKER, s.seqLen(), s.heads(), Float.floatToIntBits(s.scale())};
    }

    /** The node's arguments if a {@code layer_norm}/{@code layer_norm_bp} op's integer arguments mark one, else null. */
    @Override
    public Shape recognise(List<Long> iArgs) {
        if (iArgs.size() != 5 || iArgs.get(1) != MARKER) {
            return null;
        }
        return new Shape(iArgs.get(2).intValue(), iArgs.get(3).intValue(), Float.intBitsToFloat(iArgs.get(4).intValue()));
    }

    /** Inputs q, k, v; output the attention's. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Shape s) {
        forward(inputs.get(0), inputs.get(1), inputs.get(2), output, s);
    }

    /** Inputs q, k, v, dL/dout; outputs dq, dk, dv. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Shape s) {
        backward(inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), outputs.get(0), outputs.get(1),
                outputs.get(2), s);
    }

    /**
     * G, S, H, d: ViT-like heads; {24, 10, 4, 16} has the first case's G·H·S² (9,600) with another S, so the scratch
     * score matrices must not be shared (they once were, keyed by element count, which gave VideoMAE wrong numbers
     * after a TimeSformer ran); an odd S; one long sequence.
     */
    @Override
    public List<Example<Shape>> examples() {
        List<Example<Shape>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{4, 20, 6, 64}, {24, 10, 4, 16}, {2, 49, 3, 16}, {1, 300, 2, 64}}) {
            int seqLen = size[1];
            int heads = size[2];
            int headDim = size[3];
            Nd4j.getRandom().setSeed(8);
            List<INDArray> qkv = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                qkv.add(Nd4j.randn(DataType.FLOAT, (long) size[0] * seqLen, (long) heads * headDim));
            }
            double scale = 1.0 / Math.sqrt(headDim);
            examples.add(new Example<>("attention G, S, H, d = " + Arrays.toString(size),
                    new Shape(seqLen, heads, (float) scale), qkv,
                    (sd, in) -> writtenOut(sd, in, seqLen, heads, headDim, scale)));
        }
        return examples;
    }

    /** The attention in stock ops: heads split out by reshape and permute, batched products, heads merged back. */
    private static SDVariable writtenOut(SameDiff sd, List<SDVariable> qkv, int seqLen, int heads, int headDim,
                                         double scale) {
        SDVariable[] split = new SDVariable[3];
        for (int i = 0; i < 3; i++) {
            SDVariable r = sd.reshape(qkv.get(i), -1, seqLen, heads, headDim);            // [G, S, H, d]
            split[i] = sd.permute(r, 0, 2, 1, 3);                                        // [G, H, S, d]
        }
        SDVariable scores = sd.mmul(split[0].mul(scale), split[1], false, true, false);  // [G, H, S, S]
        SDVariable probs = sd.nn.softmax(scores, 3);                                     // [G, H, S, S]
        SDVariable ctx = sd.mmul(probs, split[2]);                                       // [G, H, S, d]
        SDVariable merged = sd.permute(ctx, 0, 2, 1, 3);                                 // [G, S, H, d]
        return sd.reshape(merged, -1, heads * headDim);                                  // [G·S, H·d]
    }

    /** {@code out = softmax(q·kᵀ·scale)·v} per group and head. */
    static void forward(INDArray query, INDArray key, INDArray value, INDArray out, Shape s) {
        Blocks b = Blocks.of(query, s);
        INDArray q = BatchedGemm.dense(query);
        INDArray k = BatchedGemm.dense(key);
        INDArray v = BatchedGemm.dense(value);
        check(b, q, k, v, out);
        INDArray probs = scores(b, q, k, 0);
        FloatPointer pv = pointer(v);
        FloatPointer po = pointer(out);
        b.forEachRowBlock("attention kernel", (gh, r0, rows) -> {
            long head = b.headOffset(gh);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, b.headDim, b.seqLen, 1f,
                    at(probs, b.scoreOffset(gh) + (long) r0 * b.seqLen), b.seqLen, at(pv, head), b.width, 0f,
                    at(po, head + (long) r0 * b.width), b.width);
        });
    }

    /**
     * dq, dk, dv from q, k, v and g = dL/dout, with P = softmax(q·kᵀ·scale) computed again:
     * {@code dv = Pᵀ·g}, {@code dS = P ⊙ (g·vᵀ − rowsum(P ⊙ g·vᵀ))·scale}, {@code dq = dS·k}, {@code dk = dSᵀ·q}.
     */
    static void backward(INDArray query, INDArray key, INDArray value, INDArray gradient, INDArray dq, INDArray dk,
                         INDArray dv, Shape s) {
        Blocks b = Blocks.of(query, s);
        INDArray q = BatchedGemm.dense(query);
        INDArray k = BatchedGemm.dense(key);
        INDArray v = BatchedGemm.dense(value);
        INDArray g = BatchedGemm.dense(gradient);
        check(b, q, k, v, g, dq, dk, dv);
        INDArray probs = scores(b, q, k, 0);
        INDArray grads = scratch(b, 1);                       // dP, then dS in place
        FloatPointer pg = pointer(g);
        FloatPointer pv = pointer(v);
        FloatPointer pdv = pointer(dv);
        FloatBuffer pb = probs.data().asNioFloat();
        FloatBuffer gb = grads.data().asNioFloat();
        int n = b.seqLen;
        b.forEachRowBlock("attention backward kernel", (gh, r0, rows) -> {
            long head = b.headOffset(gh);
            long scores = b.scoreOffset(gh);
            // dv rows r0.. = (columns r0.. of P)ᵀ · g
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, rows, b.headDim, n, 1f, at(probs, scores + r0), n,
                    at(pg, head), b.width, 0f, at(pdv, head + (long) r0 * b.width), b.width);
            // dP rows r0.. = g rows r0.. · vᵀ, then dS = P ⊙ (dP − rowsum(P ⊙ dP)) · scale, row by row
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, n, b.headDim, 1f,
                    at(pg, head + (long) r0 * b.width), b.width, at(pv, head), b.width, 0f,
                    at(grads, scores + (long) r0 * n), n);
            float[] p = new float[n];
            float[] d = new float[n];
            for (int r = r0; r < r0 + rows; r++) {
                int row = (int) (scores + (long) r * n);
                pb.get(row, p, 0, n);
                gb.get(row, d, 0, n);
                float c = (float) Sums.dot(p, d, n);
                for (int j = 0; j < n; j++) {
                    d[j] = p[j] * (d[j] - c) * b.scale;
                }
                gb.put(row, d, 0, n);
            }
        });
        FloatPointer pq = pointer(q);
        FloatPointer pk = pointer(k);
        FloatPointer pdq = pointer(dq);
        FloatPointer pdk = pointer(dk);
        b.forEachRowBlock("attention backward kernel", (gh, r0, rows) -> {
            long head = b.headOffset(gh);
            long scores = b.scoreOffset(gh);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, b.headDim, n, 1f,
                    at(grads, scores + (long) r0 * n), n, at(pk, head), b.width, 0f,
                    at(pdq, head + (long) r0 * b.width), b.width);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, rows, b.headDim, n, 1f, at(grads, scores + r0), n,
                    at(pq, head), b.width, 0f, at(pdk, head + (long) r0 * b.width), b.width);
        });
    }

    /** P = softmax(q·kᵀ·scale) for every group and head, in this thread's scratch array {@code slot}: [G·H·S, S]. */
    private static INDArray scores(Blocks b, INDArray q, INDArray k, int slot) {
        INDArray probs = scratch(b, slot);
        FloatPointer pq = pointer(q);
        FloatPointer pk = pointer(k);
        b.forEachRowBlock("attention kernel", (gh, r0, rows) -> {
            long head = b.headOffset(gh);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, b.seqLen, b.headDim, b.scale,
                    at(pq, head + (long) r0 * b.width), b.width, at(pk, head), b.width, 0f,
                    at(probs, b.scoreOffset(gh) + (long) r0 * b.seqLen), b.seqLen);
        });
        Nd4j.exec(new SoftMax(probs, probs, 1));
        return probs;
    }

    /**
     * The sizes of one call and its work items: item {@code gh} is group {@code gh / H}, head {@code gh % H}, and each
     * item's S rows are cut into blocks small enough for OpenBLAS to run them on the calling thread.
     */
    private record Blocks(int groups, int heads, int seqLen, int headDim, int width, float scale) {
        static Blocks of(INDArray q, Shape s) {
            int width = (int) q.size(1);
            return new Blocks((int) (q.size(0) / s.seqLen()), s.heads(), s.seqLen(), width / s.heads(), width,
                    s.scale());
        }

        /** Offset of item gh's head block (its first row, first column) in q, k, v or the output. */
        long headOffset(int gh) {
            return (long) (gh / heads) * seqLen * width + (long) (gh % heads) * headDim;
        }

        /** Offset of item gh's [S, S] matrix in the scratch arrays. */
        long scoreOffset(int gh) {
            return (long) gh * seqLen * seqLen;
        }

        interface RowBlock {
            void run(int gh, int firstRow, int rows);
        }

        /**
         * {@code body} over every item's row blocks, spread over the {@link Workers}. Every product of this kernel
         * is (rows of a block) × S × d or × d × S.
         */
        void forEachRowBlock(String what, RowBlock body) {
            long perRow = (long) seqLen * headDim;
            int rowsPerBlock = (int) Math.max(1, Math.min(seqLen, BatchedGemm.SINGLE_THREAD_MNK / perRow));
            int blocksPerItem = (seqLen + rowsPerBlock - 1) / rowsPerBlock;
            long items = (long) groups * heads * blocksPerItem;
            Workers.forEachRange(items, (long) groups * heads * seqLen * perRow, what, (from, to) -> {
                for (long i = from; i < to; i++) {
                    int gh = (int) (i / blocksPerItem);
                    int r0 = (int) (i % blocksPerItem) * rowsPerBlock;
                    body.run(gh, r0, Math.min(rowsPerBlock, seqLen - r0));
                }
            });
        }
    }

    /** This thread's scratch array {@code slot} (0 or 1) of G·H·S² floats, as [G·H·S, S]. */
    private static INDArray scratch(Blocks b, int slot) {
        long rows = (long) b.groups * b.heads * b.seqLen;
        INDArray[] pair = SCRATCH.get().computeIfAbsent(List.of(rows, (long) b.seqLen), x -> new INDArray[2]);
        if (pair[slot] == null) {
            pair[slot] = Nd4j.createUninitializedDetached(DataType.FLOAT, rows, b.seqLen);
        }
        return pair[slot];
    }

    private static FloatPointer pointer(INDArray a) {
        return new FloatPointer(a.data().addressPointer());
    }

    /** A pointer of its own at {@code offset} floats into {@code a} (positions are per pointer object). */
    private static FloatPointer at(INDArray a, long offset) {
        return at(pointer(a), offset);
    }

    private static FloatPointer at(FloatPointer base, long offset) {
        return new FloatPointer(base).position(base.position() + offset);
    }

    private static void check(Blocks b, INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || !BatchedGemm.isDense(a) || a.rank() != 2 || a.size(1) != b.width
                    || a.size(0) != (long) b.groups * b.seqLen || b.width % b.heads != 0) {
                throw new IllegalStateException("Tubelet's attention kernel takes dense float32 [G·S, H·d] arrays "
                        + "with S = " + b.seqLen + " and H = " + b.heads + ", got " + a.dataType() + " "
                        + a.shapeInfoToString());
            }
        }
    }
}
