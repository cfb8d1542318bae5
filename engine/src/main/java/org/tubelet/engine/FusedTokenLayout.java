package org.tubelet.engine;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The token moves of divided space-time attention (TimeSformer) as one graph op each way, instead of the strided
 * slices, permutes, concatenations and their backward ops of the written-out form ({@link #writtenOut}), whose
 * backward ops each fill a zero array of the whole input's size.
 *
 * <p>Two layouts of the rows of [rows, D] token arrays, for B clips of T frames of N patches each:
 * <ul>
 *   <li><b>space-major</b>: per clip the CLS token, then patch n of frame t at row {@code 1 + n·T + t}
 *       (B·(1 + N·T) rows; the patches alone: B·N·T rows, so each run of T rows is one patch position's frames);</li>
 *   <li><b>frame-major</b>: per clip and frame a sequence of 1 + N rows, the CLS token then the frame's patches
 *       (B·T·(1 + N) rows).</li>
 * </ul>
 * The {@link Move}s between them are row copies (and, for the CLS token, a mean over frames); each one's backward is
 * another move's kernel. The node is a stock {@code layer_norm} of (x, anchor, anchor) carrying a marker
 * ({@link Carrier#anchored}), its output shape set by {@link #outputShape}.
 */
public final class FusedTokenLayout implements FusedNode<FusedTokenLayout.Args> {
    /** The node, as registered in {@link FusedNodes}. */
    public static final FusedTokenLayout NODE = new FusedTokenLayout();

    /** Marks a {@code layer_norm} node as a token move: iArgs are {1, MARKER, move, T, N}. */
    static final int MARKER = 0x5442544c;   // "TBTL"

    private FusedTokenLayout() {
    }

    /**
     * What a node does with the rows. Each move's backward pass is its {@link #adjoint}'s kernel on dL/dy, with the
     * same scale of the CLS rows ({@link Args#clsScale}).
     */
    public enum Move {
        /** Space-major with CLS → the patches alone: [B·(1+N·T), D] → [B·N·T, D]. */
        DROP_CLS,
        /** The patches alone → space-major with a zero CLS row: [B·N·T, D] → [B·(1+N·T), D]. */
        PAD_CLS,
        /** Space-major → frame-major, the CLS row copied into every frame: [B·(1+N·T), D] → [B·T·(1+N), D]. */
        TO_FRAMES,
        /** Frame-major → space-major, the CLS row the mean of the frames' ones: [B·T·(1+N), D] → [B·(1+N·T), D]. */
        FROM_FRAMES;

        /** The move whose kernel is this one's transpose (its rows' layouts swapped). */
        Move adjoint() {
            return switch (this) {
                case DROP_CLS -> PAD_CLS;
                case PAD_CLS -> DROP_CLS;
                case TO_FRAMES -> FROM_FRAMES;
                case FROM_FRAMES -> TO_FRAMES;
            };
        }
    }

    /** A move for clips of {@code frames} frames of {@code patches} patches. */
    public record Args(Move move, int frames, int patches) {
        /** Rows per clip in the space-major layout with CLS, 1 + N·T. */
        long clipRows() {
            return 1 + (long) patches * frames;
        }

        /** Rows per clip of the move's input. */
        long inputRows() {
            return inputRows(move);
        }

        /** Rows per clip of the move's output: its adjoint's input. */
        long outputRows() {
            return inputRows(move.adjoint());
        }

        private long inputRows(Move m) {
            return switch (m) {
                case DROP_CLS, TO_FRAMES -> clipRows();
                case PAD_CLS -> (long) patches * frames;
                case FROM_FRAMES -> (long) frames * (1 + patches);
            };
        }

        /**
         * The factor of the CLS rows, forward and backward: 1/T for the mean over frames ({@link Move#FROM_FRAMES},
         * whose backward spreads dL/dCLS over the frames), else 1.
         */
        float clsScale() {
            return move == Move.FROM_FRAMES ? 1f / frames : 1f;
        }
    }

    /**
     * The fused node.
     *
     * @param x [B·r_in, D] rows in the move's input layout
     * @return [B·r_out, D]
     */
    public static SDVariable node(SDVariable x, Move move, long frames, long patches) {
        return NODE.build(new Args(move, Math.toIntExact(frames), Math.toIntExact(patches)), x);
    }

    /**
     * The move in stock ops, for graphs that leave Tubelet's sessions.
     *
     * @param x [B·r_in, D] @param d D @return [B·r_out, D]
     */
    public static SDVariable writtenOut(SDVariable x, Move move, long frames, long patches, long d) {
        SameDiff sd = x.getSameDiff();
        long nt = frames * patches;
        switch (move) {
            case DROP_CLS -> {
                SDVariable clips = sd.reshape(x, -1, 1 + nt, d);                                  // [B, 1+NT, D]
                return sd.reshape(clips.get(SDIndex.all(), SDIndex.interval(1L, 1L + nt), SDIndex.all()), -1, d);
            }
            case PAD_CLS -> {
                SDVariable clips = sd.reshape(x, -1, nt, d);                                      // [B, NT, D]
                SDVariable zero = clips.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()).mul(0.0); // [B,1,D]
                return sd.reshape(sd.concat(1, zero, clips), -1, d);                              // [B·(1+NT), D]
            }
            case TO_FRAMES -> {
                SDVariable clips = sd.reshape(x, -1, 1 + nt, d);                                  // [B, 1+NT, D]
                SDVariable cls = clips.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()); // [B, 1, D]
                SDVariable tokens = clips.get(SDIndex.all(), SDIndex.interval(1L, 1L + nt), SDIndex.all());
                SDVariable perFrame = sd.permute(sd.reshape(tokens, -1, patches, frames, d), 0, 2, 1, 3); // [B,T,N,D]
                SDVariable clsPerFrame = perFrame.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1),
                        SDIndex.all()).mul(0.0).add(sd.reshape(cls, -1, 1, 1, d));               // [B, T, 1, D]
                return sd.reshape(sd.concat(2, clsPerFrame, perFrame), -1, d);                   // [B·T·(1+N), D]
            }
            case FROM_FRAMES -> {
                SDVariable s4 = sd.reshape(x, -1, frames, patches + 1, d);                        // [B, T, 1+N, D]
                SDVariable cls = s4.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all())
                        .mean(1);                                                                 // [B, 1, D]
                SDVariable tokens = s4.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(1L, patches + 1),
                        SDIndex.all());                                                           // [B, T, N, D]
                tokens = sd.reshape(sd.permute(tokens, 0, 2, 1, 3), -1, nt, d);                   // [B, N·T, D]
                return sd.reshape(sd.concat(1, cls, tokens), -1, d);                              // [B·(1+NT), D]
            }
            default -> throw new IllegalArgumentException("unknown move " + move);
        }
    }

    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public Carrier carrier() {
        return Carrier.LAYER_NORM;
    }

    /** The carrier of (x, anchor, anchor) ({@link Carrier#anchored}). */
    @Override
    public SDVariable build(Args a, SDVariable... inputs) {
        return carrier().anchored(inputs[0], encode(a, inputs));
    }

    /** {1, MARKER, move, T, N}. */
    @Override
    public int[] encode(Args a, SDVariable... inputs) {
        return new int[] {1, MARKER, a.move().ordinal(), a.frames(), a.patches()};
    }

    @Override
    public Args recognise(List<Long> iArgs) {
        if (iArgs.size() != 5 || iArgs.get(1) != MARKER) {
            return null;
        }
        return new Args(Move.values()[iArgs.get(2).intValue()], iArgs.get(3).intValue(), iArgs.get(4).intValue());
    }

    @Override
    public long[] outputShape(List<INDArray> inputs, Args a) {
        INDArray x = inputs.get(0);
        return new long[] {clips(x, a, a.inputRows()) * a.outputRows(), x.size(1)};
    }

    @Override
    public void forward(List<INDArray> inputs, INDArray output, Args a) {
        INDArray x = BatchedGemm.dense(inputs.get(0));
        long clips = clips(x, a, a.inputRows());
        check(output, clips * a.outputRows(), x.size(1));
        move(a.move(), x, output, clips, a);
    }

    /** Inputs x, the anchors, dL/dy; outputs dL/dx (the adjoint move of dL/dy) and the anchors' (zero) gradients. */
    @Override
    public void backward(List<INDArray> inputs, List<INDArray> outputs, Args a) {
        INDArray g = BatchedGemm.dense(inputs.get(3));
        INDArray dx = outputs.get(0);
        long clips = clips(g, a, a.outputRows());
        check(dx, clips * a.inputRows(), g.size(1));
        move(a.move().adjoint(), g, dx, clips, a);
        Carrier.zeroAnchorGradients(outputs);
    }

    /** {@code move}'s kernel from {@code in} to {@code out}, the CLS rows scaled by {@link Args#clsScale}. */
    private static void move(Move move, INDArray in, INDArray out, long clips, Args a) {
        switch (move) {
            case DROP_CLS -> dropCls(in, out, clips, a);
            case PAD_CLS -> padCls(in, out, clips, a);
            case TO_FRAMES -> toFrames(in, out, clips, a, a.clsScale());
            case FROM_FRAMES -> fromFrames(in, out, clips, a, a.clsScale());
            default -> throw new IllegalStateException("unknown move " + move);
        }
    }

    /** Every move, on 2 clips of 3 frames of 4 patches and on 1 clip of 8 frames of 49 patches (bench-s sizes). */
    @Override
    public List<Example<Args>> examples() {
        List<Example<Args>> examples = new ArrayList<>();
        for (int[] size : new int[][] {{2, 3, 4, 8}, {1, 8, 49, 64}}) {
            for (Move move : Move.values()) {
                Args a = new Args(move, size[1], size[2]);
                Nd4j.getRandom().setSeed(12);
                INDArray x = Nd4j.randn(DataType.FLOAT, size[0] * a.inputRows(), size[3]);
                examples.add(new Example<>(move + " B, T, N, D = " + Arrays.toString(size), a, List.of(x),
                        (sd, in) -> writtenOut(in.get(0), move, a.frames(), a.patches(), size[3])));
            }
        }
        return examples;
    }

    /** Space-major rows with CLS → the patches' rows: one block copy per clip. */
    private static void dropCls(INDArray in, INDArray out, long clips, Args a) {
        int d = (int) in.size(1);
        long nt = (long) a.patches() * a.frames();
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        Workers.forEachRange(clips, out.length(), "token layout kernel", (from, to) -> {
            for (long b = from; b < to; b++) {
                dst.put((int) (b * nt * d), src, (int) ((b * a.clipRows() + 1) * d), (int) (nt * d));
            }
        });
    }

    /** The patches' rows → space-major rows with a zero CLS row per clip. */
    private static void padCls(INDArray in, INDArray out, long clips, Args a) {
        int d = (int) in.size(1);
        long nt = (long) a.patches() * a.frames();
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        float[] zero = new float[d];
        Workers.forEachRange(clips, out.length(), "token layout kernel", (from, to) -> {
            for (long b = from; b < to; b++) {
                dst.put((int) (b * a.clipRows() * d), zero, 0, d);
                dst.put((int) ((b * a.clipRows() + 1) * d), src, (int) (b * nt * d), (int) (nt * d));
            }
        });
    }

    /**
     * Space-major → frame-major: row (b, t, 0) = clsScale · CLS row of clip b, row (b, t, 1 + n) = patch row
     * {@code 1 + n·T + t} of clip b.
     */
    private static void toFrames(INDArray in, INDArray out, long clips, Args a, float clsScale) {
        int d = (int) in.size(1);
        int frames = a.frames();
        int patches = a.patches();
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        Workers.forEachRange(clips * frames, out.length(), "token layout kernel", (from, to) -> {
            float[] cls = Workers.rows(1, d)[0];
            for (long bt = from; bt < to; bt++) {
                long b = bt / frames;
                int t = (int) (bt % frames);
                long clip = b * a.clipRows();
                long seq = bt * (1 + patches);
                src.get((int) (clip * d), cls, 0, d);
                if (clsScale != 1f) {
                    for (int i = 0; i < d; i++) {
                        cls[i] *= clsScale;
                    }
                }
                dst.put((int) (seq * d), cls, 0, d);
                for (int n = 0; n < patches; n++) {
                    dst.put((int) ((seq + 1 + n) * d), src, (int) ((clip + 1 + (long) n * frames + t) * d), d);
                }
            }
        });
    }

    /**
     * Frame-major → space-major: CLS row of clip b = clsScale · Σ_t row (b, t, 0), patch row {@code 1 + n·T + t} =
     * row (b, t, 1 + n).
     */
    private static void fromFrames(INDArray in, INDArray out, long clips, Args a, float clsScale) {
        int d = (int) in.size(1);
        int frames = a.frames();
        int patches = a.patches();
        FloatBuffer src = in.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        Workers.forEachRange(clips, out.length(), "token layout kernel", (from, to) -> {
            float[][] scratch = Workers.rows(2, d);
            float[] cls = scratch[0];
            float[] row = scratch[1];
            for (long b = from; b < to; b++) {
                long clip = b * a.clipRows();
                Arrays.fill(cls, 0f);
                for (int t = 0; t < frames; t++) {
                    long seq = (b * frames + t) * (1 + patches);
                    src.get((int) (seq * d), row, 0, d);
                    for (int i = 0; i < d; i++) {
                        cls[i] += row[i];
                    }
                    for (int n = 0; n < patches; n++) {
                        dst.put((int) ((clip + 1 + (long) n * frames + t) * d), src, (int) ((seq + 1 + n) * d), d);
                    }
                }
                for (int i = 0; i < d; i++) {
                    cls[i] *= clsScale;
                }
                dst.put((int) (clip * d), cls, 0, d);
            }
        });
    }

    /** Whole clips in {@code x}'s rows, {@code perClip} rows each, or a clear error. */
    private static long clips(INDArray x, Args a, long perClip) {
        if (x.rank() != 2 || x.size(0) % perClip != 0 || x.dataType() != DataType.FLOAT
                || x.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Tubelet's token layout kernel (" + a + ") takes float32 [clips·"
                    + perClip + ", D] rows, got " + x.dataType() + " " + x.shapeInfoToString());
        }
        return x.size(0) / perClip;
    }

    private static void check(INDArray out, long rows, long d) {
        if (!BatchedGemm.isDense(out) || out.dataType() != DataType.FLOAT || out.rank() != 2 || out.size(0) != rows
                || out.size(1) != d || out.length() > Integer.MAX_VALUE) {
            throw new IllegalStateException("Tubelet's token layout kernel writes a dense float32 [" + rows + ", " + d
                    + "] array, got " + out.dataType() + " " + out.shapeInfoToString());
        }
    }
}
