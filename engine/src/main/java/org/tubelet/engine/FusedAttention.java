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
 * as one graph op on the packed projections and one backward op, instead of the ≈ 12 ops each way of the written-out
 * form (the projections split, reshaped and permuted into heads, the scaling, two batched products, the softmax, a
 * permute and a reshape back).
 *
 * <p>The input is the packed projections [G·S, 3·H·d]: each row holds the token's q, k and v side by side, heads side
 * by side within each, as one {@code Linear(D, 3D)} computes them (TimeSformer's {@code qkv} layer, or ViT's query,
 * key and value weights stacked). The output is [G·S, H·d]. No permute is ever copied: BLAS reads each head's [S, d]
 * block in place with a row stride of 3·H·d, and writes the output's and the packed gradient's the same way. One
 * packed projection instead of three gives BLAS one larger product each way, and the backward pass one gradient of x
 * instead of three to add. The backward pass computes the probabilities again instead of keeping them (a graph op
 * has one output): one more product and softmax per pass, against ≈ 12 fewer ops. With the Vector API
 * ({@link VectorApi}) the softmax runs on each block of scores as soon as it is computed; else it is libnd4j's, on
 * all G·H score matrices at once. The products run a whole head at a time on one OpenBLAS thread per kernel thread
 * ({@link Blocks#forEachRowBlock}); sequences no longer than a vector (TimeSformer's temporal attention) run on the
 * Vector API instead, without BLAS ({@link ShortSequences}).
 *
 * <p>The node is a stock {@code layer_norm} carrying a marker, like {@link FusedLinear}'s, of (qkv, anchor, anchor)
 * ({@link Carrier#anchored}). Its backward's first output has the packed input's shape, as a layer norm's does; the
 * forward output's shape is set by {@link #outputShape}. Attention-probability dropout is not part of it: blocks fuse attention only
 * without it.
 */
public final class FusedAttention implements FusedNode<FusedAttention.Shape> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedAttention NODE = new FusedAttention();

    /** Marks a {@code layer_norm} node as fused attention: iArgs are {1, MARKER, S, H, float bits of the scale}. */
    static final int MARKER = 0x54424150;   // "TBAP"

    /**
     * Per-thread score and gradient matrices by their shape [G·H·S, S] (encoder and decoder sizes alternate). By shape,
     * not element count: two calls with the same G·H·S² but another S need other rows for the softmax.
     */
    private static final ThreadLocal<Map<List<Long>, INDArray[]>> SCRATCH = ThreadLocal.withInitial(HashMap::new);

    /** Per-thread rows of scores for the Vector API's softmax ({@link #scores}). */
    private static final ThreadLocal<float[]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private FusedAttention() {
    }

    /**
     * The fused node.
     *
     * @param qkv [G·S, 3·H·d], each row q, k, v side by side
     * @param seqLen S
     * @param heads H
     * @param scale multiplier of the scores (1/√d)
     * @return [G·S, H·d]
     */
    public static SDVariable node(SDVariable qkv, long seqLen, int heads, double scale) {
        return NODE.build(new Shape(Math.toIntExact(seqLen), heads, (float) scale), qkv);
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

    /** The carrier of (qkv, anchor, anchor) ({@link Carrier#anchored}). */
    @Override
    public SDVariable build(Shape s, SDVariable... inputs) {
        return carrier().anchored(inputs[0], encode(s, inputs));
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

    /** [G·S, H·d] for a packed input [G·S, 3·H·d]. */
    @Override
    public long[] outputShape(List<INDArray> inputs, Shape s) {
        INDArray qkv = inputs.get(0);
        return new long[] {qkv.size(0), qkv.size(1) / 3};
    }

    /** Inputs qkv and the anchors; output the attention's. */
    @Override
    public void forward(List<INDArray> inputs, INDArray output, Shape s) {
        forward(inputs.get(0), output, s);
    }

    /** Inputs qkv, the anchors, dL/dout; outputs dqkv and the anchors' (zero) gradients. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Shape s) {
        backward(inputs.get(0), inputs.get(3), outputs.get(0), s);
        Carrier.zeroAnchorGradients(outputs);
    }

    /**
     * G, S, H, d: ViT-like heads; {24, 10, 4, 16} has the first case's G·H·S² (9,600) with another S, so the scratch
     * score matrices must not be shared (they once were, keyed by element count, which gave VideoMAE wrong numbers
     * after a TimeSformer ran); an odd S; one long sequence; two sequences short enough for {@link ShortSequences}
     * (TimeSformer's temporal attention over 8 frames with a head width that is not a whole number of vectors, and
     * 3 tokens with a head narrower than one vector).
     */
    @Override
    public List<Example<Shape>> examples() {
        List<Example<Shape>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{4, 20, 6, 64}, {24, 10, 4, 16}, {2, 49, 3, 16}, {1, 300, 2, 64},
            {30, 8, 3, 24}, {6, 3, 2, 8}}) {
            int seqLen = size[1];
            int heads = size[2];
            int headDim = size[3];
            Nd4j.getRandom().setSeed(8);
            INDArray qkv = Nd4j.randn(DataType.FLOAT, (long) size[0] * seqLen, 3L * heads * headDim);
            double scale = 1.0 / Math.sqrt(headDim);
            examples.add(new Example<>("attention G, S, H, d = " + Arrays.toString(size),
                    new Shape(seqLen, heads, (float) scale), List.of(qkv),
                    (sd, in) -> writtenOut(sd, in.get(0), seqLen, heads, headDim, scale)));
        }
        return examples;
    }

    /** The attention in stock ops: q, k, v split into heads by reshape, permute and unstack, merged back. */
    private static SDVariable writtenOut(SameDiff sd, SDVariable qkv, int seqLen, int heads, int headDim,
                                         double scale) {
        SDVariable r = sd.reshape(qkv, -1, seqLen, 3, heads, headDim);                 // [G, S, 3, H, d]
        SDVariable[] split = sd.unstack(sd.permute(r, 2, 0, 3, 1, 4), 0, 3);           // 3 × [G, H, S, d]
        SDVariable scores = sd.mmul(split[0].mul(scale), split[1], false, true, false);  // [G, H, S, S]
        SDVariable probs = sd.nn.softmax(scores, 3);                                     // [G, H, S, S]
        SDVariable ctx = sd.mmul(probs, split[2]);                                       // [G, H, S, d]
        SDVariable merged = sd.permute(ctx, 0, 2, 1, 3);                                 // [G, S, H, d]
        return sd.reshape(merged, -1, heads * headDim);                                  // [G·S, H·d]
    }

    /** {@code out = softmax(q·kᵀ·scale)·v} per group and head. */
    static void forward(INDArray packed, INDArray out, Shape s) {
        INDArray qkv = BatchedGemm.dense(packed);
        Blocks b = Blocks.of(qkv, s);
        b.check(qkv, 3);
        b.check(out, 1);
        if (ShortSequences.apply(b)) {
            ShortSequences.forward(qkv, out, b);
            return;
        }
        INDArray probs = scores(b, qkv);
        Rows v = Rows.packed(qkv, b, 2);
        Rows o = Rows.of(out);
        b.forEachRowBlock("attention kernel", (gh, r0, rows) -> {
            long head = b.headColumn(gh);
            long row0 = b.firstRow(gh);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, b.headDim, b.seqLen, 1f,
                    at(probs, b.scoreOffset(gh) + (long) r0 * b.seqLen), b.seqLen, v.at(row0, head), v.ld,
                    0f, o.at(row0 + r0, head), o.ld);
        });
    }

    /**
     * dq, dk, dv (packed, as the input) from q, k, v and g = dL/dout, with P = softmax(q·kᵀ·scale) computed again:
     * {@code dv = Pᵀ·g}, {@code dS = P ⊙ (g·vᵀ − rowsum(P ⊙ g·vᵀ))·scale}, {@code dq = dS·k}, {@code dk = dSᵀ·q}.
     */
    static void backward(INDArray packed, INDArray gradient, INDArray dqkv, Shape s) {
        INDArray qkv = BatchedGemm.dense(packed);
        INDArray g = BatchedGemm.dense(gradient);
        Blocks b = Blocks.of(qkv, s);
        b.check(qkv, 3);
        b.check(g, 1);
        b.check(dqkv, 3);
        if (ShortSequences.apply(b)) {
            ShortSequences.backward(qkv, g, dqkv, b);
            return;
        }
        INDArray probs = scores(b, qkv);
        INDArray grads = scratch(b, 1);                       // dP, then dS in place
        Rows q = Rows.packed(qkv, b, 0);
        Rows k = Rows.packed(qkv, b, 1);
        Rows v = Rows.packed(qkv, b, 2);
        Rows dq = Rows.packed(dqkv, b, 0);
        Rows dk = Rows.packed(dqkv, b, 1);
        Rows dv = Rows.packed(dqkv, b, 2);
        Rows dOut = Rows.of(g);
        FloatBuffer pb = probs.data().asNioFloat();
        FloatBuffer gb = grads.data().asNioFloat();
        int n = b.seqLen;
        b.forEachRowBlock("attention backward kernel", (gh, r0, rows) -> {
            long head = b.headColumn(gh);
            long row0 = b.firstRow(gh);
            long scores = b.scoreOffset(gh);
            // dv rows r0.. = (columns r0.. of P)ᵀ · g
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, rows, b.headDim, n, 1f, at(probs, scores + r0), n,
                    dOut.at(row0, head), dOut.ld, 0f, dv.at(row0 + r0, head), dv.ld);
            // dP rows r0.. = g rows r0.. · vᵀ, then dS = P ⊙ (dP − rowsum(P ⊙ dP)) · scale, row by row
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, n, b.headDim, 1f,
                    dOut.at(row0 + r0, head), dOut.ld, v.at(row0, head), v.ld, 0f,
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
        b.forEachRowBlock("attention backward kernel", (gh, r0, rows) -> {
            long head = b.headColumn(gh);
            long row0 = b.firstRow(gh);
            long scores = b.scoreOffset(gh);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, b.headDim, n, 1f,
                    at(grads, scores + (long) r0 * n), n, k.at(row0, head), k.ld, 0f,
                    dq.at(row0 + r0, head), dq.ld);
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, rows, b.headDim, n, 1f, at(grads, scores + r0), n,
                    q.at(row0, head), q.ld, 0f, dk.at(row0 + r0, head), dk.ld);
        });
    }

    /**
     * P = softmax(q·kᵀ·scale) for every group and head, in this thread's scratch array 0: [G·H·S, S]. With the
     * Vector API each block's rows are turned into probabilities by the thread that computed them, while they are in
     * its cache; else libnd4j's softmax runs on all of them afterwards.
     */
    private static INDArray scores(Blocks b, INDArray qkv) {
        INDArray probs = scratch(b, 0);
        Rows q = Rows.packed(qkv, b, 0);
        Rows k = Rows.packed(qkv, b, 1);
        FloatBuffer pb = VectorApi.enabled() ? probs.data().asNioFloat() : null;
        int n = b.seqLen;
        b.forEachRowBlock("attention kernel", (gh, r0, rows) -> {
            long head = b.headColumn(gh);
            long row0 = b.firstRow(gh);
            long first = b.scoreOffset(gh) + (long) r0 * n;
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, n, b.headDim, b.scale,
                    q.at(row0 + r0, head), q.ld, k.at(row0, head), k.ld, 0f, at(probs, first), n);
            if (pb != null) {
                float[] block = rowScratch(rows * n);
                pb.get((int) first, block, 0, rows * n);
                VectorKernels.softmaxRows(block, rows, n);
                pb.put((int) first, block, 0, rows * n);
            }
        });
        if (pb == null) {
            Nd4j.exec(new SoftMax(probs, probs, 1));
        }
        return probs;
    }

    /** This thread's float array of at least {@code n} elements for a block of score rows. */
    private static float[] rowScratch(int n) {
        float[] a = ROW_SCRATCH.get();
        if (a.length < n) {
            a = new float[n];
            ROW_SCRATCH.set(a);
        }
        return a;
    }

    /**
     * Attention over sequences no longer than the kernels' vectors have lanes ({@link VectorKernels#lanes()}: 16
     * with AVX-512, 8 with AVX2), TimeSformer's temporal attention over 8 frames above all: one group at a time, its
     * rows copied out of the packed projections in one piece, every head's products on Java's Vector API.
     *
     * <p>On the BLAS path such a head's products are [S, d] × [d, S] and [S, S] × [S, d], one {@code cblas_sgemm}
     * each: 28,000 calls per bench-s TimeSformer forward pass, which cost more than their arithmetic. Here a query's
     * scores are one vector, key j in lane j: the head's keys are transposed into a [d, L] scratch matrix and the
     * scores are d fused multiply-adds of whole vectors ({@link VectorKernels#dotsAcrossLanes}), the softmax a few
     * operations on that vector. The weighted sums of the values and the gradients' products run along the head's d
     * columns ({@link VectorKernels#weightedRows}). Every sum is in a fixed order, so results do not depend on the
     * threads or on the JIT.
     */
    private static final class ShortSequences {
        /** This thread's copies of one group's rows and its score matrices. */
        private static final ThreadLocal<ShortSequences> SCRATCH = ThreadLocal.withInitial(ShortSequences::new);

        private final int lanes = VectorKernels.lanes();
        /** A group's packed rows [S, 3·H·d] and their gradient; its output rows [S, H·d] or their gradient. */
        private float[] packed = new float[0];
        private float[] dPacked = new float[0];
        private float[] rows = new float[0];
        /** The S that {@link #kt} and {@link #vt} are zero past. */
        private int seqLen = -1;
        /** One head's k and v transposed, [d, L], zero past S. */
        private float[] kt = new float[0];
        private float[] vt = new float[0];
        /** One head's probabilities and their gradients, [S, L]. */
        private final float[] p = new float[lanes * lanes];
        private final float[] dp = new float[lanes * lanes];

        /** True if {@code b}'s sequences run here: the Vector API is on and S fits in a vector. */
        static boolean apply(Blocks b) {
            return VectorApi.enabled() && b.seqLen <= VectorKernels.lanes();
        }

        /** {@code out = softmax(q·kᵀ·scale)·v} for every group and head. */
        static void forward(INDArray qkv, INDArray out, Blocks b) {
            FloatBuffer in = qkv.data().asNioFloat();
            FloatBuffer o = out.data().asNioFloat();
            int s = b.seqLen;
            int d = b.headDim;
            int w = b.width;
            int ld = 3 * w;
            forEachGroup(b, "attention kernel", (x, group) -> {
                in.get(group * s * ld, x.packed, 0, s * ld);
                for (int h = 0; h < b.heads; h++) {
                    int head = h * d;
                    transpose(x.packed, w + head, ld, s, d, x.kt, x.lanes);
                    VectorKernels.dotsAcrossLanes(x.packed, head, ld, x.kt, s, d, x.p);
                    VectorKernels.shortSoftmax(x.p, s, b.scale);
                    VectorKernels.weightedRows(x.p, x.lanes, 1, x.packed, 2 * w + head, ld, s, d,
                            x.rows, head, w);                                                   // P·v
                }
                o.put(group * s * w, x.rows, 0, s * w);
            });
        }

        /** dq, dk, dv for every group and head, P computed again: as {@link FusedAttention#backward}. */
        static void backward(INDArray qkv, INDArray gradient, INDArray dqkv, Blocks b) {
            FloatBuffer in = qkv.data().asNioFloat();
            FloatBuffer dOut = gradient.data().asNioFloat();
            FloatBuffer dIn = dqkv.data().asNioFloat();
            int s = b.seqLen;
            int d = b.headDim;
            int w = b.width;
            int ld = 3 * w;
            forEachGroup(b, "attention backward kernel", (x, group) -> {
                in.get(group * s * ld, x.packed, 0, s * ld);
                dOut.get(group * s * w, x.rows, 0, s * w);
                for (int h = 0; h < b.heads; h++) {
                    int head = h * d;
                    transpose(x.packed, w + head, ld, s, d, x.kt, x.lanes);
                    transpose(x.packed, 2 * w + head, ld, s, d, x.vt, x.lanes);
                    VectorKernels.dotsAcrossLanes(x.packed, head, ld, x.kt, s, d, x.p);
                    VectorKernels.shortSoftmax(x.p, s, b.scale);                                  // P
                    VectorKernels.dotsAcrossLanes(x.rows, head, w, x.vt, s, d, x.dp);            // dP = g·vᵀ
                    VectorKernels.shortSoftmaxGradient(x.p, x.dp, s, b.scale);                   // dS
                    VectorKernels.weightedRows(x.dp, x.lanes, 1, x.packed, w + head, ld, s, d,
                            x.dPacked, head, ld);                                                // dq = dS·k
                    VectorKernels.weightedRows(x.dp, 1, x.lanes, x.packed, head, ld, s, d,
                            x.dPacked, w + head, ld);                                            // dk = dSᵀ·q
                    VectorKernels.weightedRows(x.p, 1, x.lanes, x.rows, head, w, s, d,
                            x.dPacked, 2 * w + head, ld);                                        // dv = Pᵀ·g
                }
                dIn.put(group * s * ld, x.dPacked, 0, s * ld);
            });
        }

        interface Group {
            void run(ShortSequences scratch, int group);
        }

        /** {@code body} on every group, spread over the {@link Workers}, with each thread's scratch arrays. */
        private static void forEachGroup(Blocks b, String what, Group body) {
            long elements = (long) b.groups * b.heads * b.seqLen * b.seqLen * b.headDim;
            Workers.forEachRange(b.groups, elements, what, (from, to) -> {
                ShortSequences x = SCRATCH.get().sized(b);
                for (long group = from; group < to; group++) {
                    body.run(x, (int) group);
                }
            });
        }

        /** These arrays, grown if they are too small for a group of {@code b}. */
        private ShortSequences sized(Blocks b) {
            int packedSize = b.seqLen * 3 * b.width;
            if (packed.length < packedSize) {
                packed = new float[packedSize];
                dPacked = new float[packedSize];
                rows = new float[b.seqLen * b.width];
            }
            if (kt.length < b.headDim * lanes || seqLen != b.seqLen) {
                kt = new float[Math.max(kt.length, b.headDim * lanes)];         // zero past S
                vt = new float[kt.length];
                seqLen = b.seqLen;
            }
            return this;
        }

        /**
         * {@code t[c·L + j] = a[at + j·ld + c]} for token j &lt; s and column c &lt; d; the lanes past s stay 0 (they
         * are zeroed when the arrays are sized for another S).
         */
        private static void transpose(float[] a, int at, int ld, int s, int d, float[] t, int lanes) {
            for (int j = 0; j < s; j++) {
                int from = at + j * ld;
                for (int c = 0, to = j; c < d; c++, to += lanes) {
                    t[to] = a[from + c];
                }
            }
        }
    }

    /**
     * One of q, k, v, the output or a gradient: [G·S, H·d] rows inside a dense array, from column {@code column},
     * {@code ld} floats apart (H·d for the output and its gradient, 3·H·d inside the packed projections).
     */
    private record Rows(FloatPointer base, long column, int ld) {
        static Rows of(INDArray a) {
            return new Rows(pointer(a), 0, (int) a.size(1));
        }

        /** Part {@code part} (0 = q, 1 = k, 2 = v) of packed projections. */
        static Rows packed(INDArray qkv, Blocks b, int part) {
            return new Rows(pointer(qkv), (long) part * b.width, 3 * b.width);
        }

        /** A pointer of its own at (row, column + {@code col}). */
        FloatPointer at(long row, long col) {
            return FusedAttention.at(base, row * ld + column + col);
        }
    }

    /**
     * The sizes of one call and its work items: item {@code gh} is group {@code gh / H}, head {@code gh % H}, its S
     * rows cut into blocks ({@link #forEachRowBlock}).
     *
     * @param width H·d, the output's columns
     */
    private record Blocks(int groups, int heads, int seqLen, int headDim, int width, float scale) {
        /** Scores in one row block at most: 128 K floats, 512 KB, within a core's L2 cache. */
        static final long BLOCK_SCORES = 1 << 17;

        static Blocks of(INDArray qkv, Shape s) {
            int width = (int) (qkv.size(1) / 3);
            return new Blocks((int) (qkv.size(0) / s.seqLen()), s.heads(), s.seqLen(), width / s.heads(), width,
                    s.scale());
        }

        /** The first row of item gh's group. */
        long firstRow(int gh) {
            return (long) (gh / heads) * seqLen;
        }

        /** The first column of item gh's head within q, k, v or the output. */
        long headColumn(int gh) {
            return (long) (gh % heads) * headDim;
        }

        /** Offset of item gh's [S, S] matrix in the scratch arrays. */
        long scoreOffset(int gh) {
            return (long) gh * seqLen * seqLen;
        }

        /** Fails unless {@code a} is a dense float32 [G·S, parts·H·d] array. */
        void check(INDArray a, int parts) {
            if (a.dataType() != DataType.FLOAT || !BatchedGemm.isDense(a) || a.rank() != 2
                    || a.size(1) != (long) parts * width || a.size(0) != (long) groups * seqLen
                    || width % heads != 0 || width == 0) {
                throw new IllegalStateException("Tubelet's attention kernel takes dense float32 [G·S, " + parts
                        + "·H·d] arrays with S = " + seqLen + " and H = " + heads + ", got " + a.dataType() + " "
                        + a.shapeInfoToString());
            }
        }

        interface RowBlock {
            void run(int gh, int firstRow, int rows);
        }

        /**
         * {@code body} over every item's row blocks, spread over the {@link Workers}, with OpenBLAS on one thread
         * ({@link BlasThreads}): every product of this kernel is (rows of a block) × S × d or × d × S. A block is a
         * whole item when its S × S scores fit in {@link #BLOCK_SCORES} (ViT-sized sequences), else as many rows as
         * fit, so that a block's scores stay in the core's cache for the softmax; items are cut further when there
         * are fewer than two blocks per thread. Where OpenBLAS's threads cannot be turned off, blocks stay small
         * enough for OpenBLAS to run them on the calling thread ({@link BatchedGemm#SINGLE_THREAD_MNK}).
         */
        void forEachRowBlock(String what, RowBlock body) {
            long items = (long) groups * heads;
            long rows = BlasThreads.available() ? BLOCK_SCORES / seqLen
                    : BatchedGemm.SINGLE_THREAD_MNK / ((long) seqLen * headDim);
            long minBlocks = (2L * Workers.THREADS + items - 1) / items;                  // per item
            rows = Math.min(Math.min(rows, seqLen), (seqLen + minBlocks - 1) / minBlocks);
            int size = (int) Math.max(1, rows);
            int blocksPerItem = (seqLen + size - 1) / size;
            BlasThreads.singleWhile(() -> Workers.forEachRange(items * blocksPerItem,
                    items * seqLen * seqLen * headDim, what, (from, to) -> {
                        for (long i = from; i < to; i++) {
                            int gh = (int) (i / blocksPerItem);
                            int r0 = (int) (i % blocksPerItem) * size;
                            body.run(gh, r0, Math.min(size, seqLen - r0));
                        }
                    }));
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
}
