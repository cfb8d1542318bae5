package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.reduce.MmulBp;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.shape.Permute;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.bp.AddBpOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The kernels against the native libnd4j ops they replace, on the same arrays. */
class KernelsTest {
    private static final double TOL = 1e-5;

    private static INDArray stored(DataType t, long batch2, boolean transposed, long rows, long cols, int rank) {
        long[] shape = rank == 4 ? new long[] {2, batch2, transposed ? cols : rows, transposed ? rows : cols}
                : new long[] {2 * batch2, transposed ? cols : rows, transposed ? rows : cols};
        return Nd4j.rand(t, shape).subi(0.5);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= TOL, "max |native - kernel| = " + diff);
    }

    @ParameterizedTest
    @CsvSource({"false,false,4,FLOAT", "false,true,4,FLOAT", "true,false,4,FLOAT", "true,true,4,FLOAT",
        "false,true,3,FLOAT", "true,false,3,DOUBLE", "false,false,3,DOUBLE"})
    void matmulAndItsBackwardMatchTheNativeOps(boolean ta, boolean tb, int rank, DataType type) {
        Nd4j.getRandom().setSeed(7);
        long m = 5;
        long k = 7;
        long n = 3;
        INDArray x = stored(type, 3, ta, m, k, rank);
        INDArray y = stored(type, 3, tb, k, n, rank);
        MMulTranspose mt = MMulTranspose.builder().transposeA(ta).transposeB(tb).build();
        INDArray expected = Nd4j.exec(new Mmul(x, y, null, mt))[0];

        INDArray z = Nd4j.create(type, expected.shape());
        OpContext fwd = context(new INDArray[] {x, y}, new INDArray[] {z}, ta, tb);
        fwd.setTArguments(1.0, 0.0);
        assertTrue(Kernels.run(new Mmul(), fwd));
        assertClose(expected, z);

        INDArray g = Nd4j.rand(type, expected.shape()).subi(0.5);
        INDArray nativeDx = Nd4j.create(type, x.shape());
        INDArray nativeDy = Nd4j.create(type, y.shape());
        Nd4j.exec(new MmulBp(x, y, g, nativeDx, nativeDy, mt));
        INDArray dx = Nd4j.create(type, x.shape());
        INDArray dy = Nd4j.create(type, y.shape());
        assertTrue(Kernels.run(new MmulBp(), context(new INDArray[] {x, y, g}, new INDArray[] {dx, dy}, ta, tb)));
        assertClose(nativeDx, dx);
        assertClose(nativeDy, dy);
    }

    /** One row of op(x)·op(y) above the single-thread size: blocks of rows × a slice of the columns. */
    @ParameterizedTest
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void wideProductsAreCutIntoColumnSlicesToo(boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(11);
        long m = 37;     // two row blocks of 16 and one of 5
        long k = 196;
        long n = 1500;   // n·k > SINGLE_THREAD_MNK; not a multiple of the column slice
        assertTrue(n * k > BatchedGemm.SINGLE_THREAD_MNK);
        BatchedGemm.Tiling t = BatchedGemm.Tiling.of(m, n, k);
        assertTrue(t.colBlocks() > 1 && t.rowBlocks() == 3, t.toString());
        INDArray x = stored(DataType.FLOAT, 1, ta, m, k, 3);
        INDArray y = stored(DataType.FLOAT, 1, tb, k, n, 3);
        INDArray expected = Nd4j.exec(new Mmul(x, y, null,
                MMulTranspose.builder().transposeA(ta).transposeB(tb).build()))[0];
        INDArray z = Nd4j.create(DataType.FLOAT, expected.shape());
        BatchedGemm.multiply(x, ta, y, tb, z, 1.0);
        assertClose(expected, z);
    }

    @Test
    void nonContiguousOperandsAreCopiedFirst() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 5).permute(0, 1, 3, 2);   // [2, 3, 5, 7], a strided view
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 4);
        INDArray expected = Nd4j.exec(new Mmul(x, y, null, MMulTranspose.allFalse()))[0];
        INDArray z = Nd4j.create(DataType.FLOAT, 2, 3, 5, 4);
        BatchedGemm.multiply(x, false, y, false, z, 1.0);
        assertClose(expected, z);
    }

    @Test
    void theNativeOpRunsWhereNoKernelApplies() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray y = Nd4j.rand(DataType.FLOAT, 5, 3);
        assertFalse(Kernels.run(new Mmul(), context(new INDArray[] {x, y},
                new INDArray[] {Nd4j.create(DataType.FLOAT, 4, 3)}, false, false)), "rank 2 goes to BLAS natively");
        INDArray bx = Nd4j.rand(DataType.FLOAT, 2, 4, 5);
        INDArray by = Nd4j.rand(DataType.FLOAT, 1, 5, 3);
        assertFalse(Kernels.run(new Mmul(), context(new INDArray[] {bx, by},
                new INDArray[] {Nd4j.create(DataType.FLOAT, 2, 4, 3)}, false, false)), "broadcast batch");
        INDArray hx = Nd4j.rand(DataType.HALF, 2, 4, 5);
        INDArray hy = Nd4j.rand(DataType.HALF, 2, 5, 3);
        assertFalse(Kernels.run(new Mmul(), context(new INDArray[] {hx, hy},
                new INDArray[] {Nd4j.create(DataType.HALF, 2, 4, 3)}, false, false)), "half precision");
    }

    @Test
    void graphsRunTheKernelsInTheirSessionsWithTheSameGradients() {
        assertTrue(Kernels.enabled(), "CPU backend");
        Engine.install();
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.var("q", Nd4j.rand(DataType.FLOAT, 2, 3, 6, 4).subi(0.5));
        SDVariable k = sd.var("k", Nd4j.rand(DataType.FLOAT, 2, 3, 6, 4).subi(0.5));
        SDVariable scores = sd.mmul(q, k, false, true, false);                // [2, 3, 6, 6]
        SDVariable loss = sd.math.square(scores).sum();
        sd.setLossVariables(loss);
        long before = Kernels.executed();
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "q", "k");
        assertTrue(Kernels.executed() >= before + 2, "matmul and matmul_bp ran as kernels");

        INDArray qa = q.getArr();
        INDArray ka = k.getArr();
        INDArray s = Nd4j.exec(new Mmul(qa, ka, null, MMulTranspose.builder().transposeB(true).build()))[0];
        INDArray g = s.mul(2);                                                 // d(sum s²)/ds
        INDArray dq = Nd4j.create(DataType.FLOAT, qa.shape());
        INDArray dk = Nd4j.create(DataType.FLOAT, ka.shape());
        Nd4j.exec(new MmulBp(qa, ka, g, dq, dk, MMulTranspose.builder().transposeB(true).build()));
        assertClose(dq, grads.get("q"));
        assertClose(dk, grads.get("k"));
        assertEquals(KernelInferenceSession.class,
                sd.getSessions().get(Thread.currentThread().getId()).getClass());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"3,5,7; 1", "2,3,70,197; 1", "2,3,70,197; 40", "4,9; -1"})
    void softmaxBackwardMatchesTheNativeOp(String dims, double spread) {
        long[] shape = Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(Math.abs(spread));   // spread 40: exponents underflow
        int axis = spread < 0 ? -1 : x.rank() - 1;
        INDArray g = Nd4j.randn(DataType.FLOAT, shape);
        INDArray nativeDx = Nd4j.create(DataType.FLOAT, shape);
        Nd4j.exec(new SoftmaxBp(x, g, nativeDx, axis));
        INDArray dx = Nd4j.create(DataType.FLOAT, shape);
        assertTrue(Kernels.run(new SoftmaxBp(), axisContext(new INDArray[] {x, g}, new INDArray[] {dx}, axis)));
        assertClose(nativeDx, dx);
        INDArray withoutVectors = Nd4j.create(DataType.FLOAT, shape);        // libnd4j's softmax, then the Java pass
        VectorApi.without(() -> assertTrue(Kernels.run(new SoftmaxBp(),
                axisContext(new INDArray[] {x, g}, new INDArray[] {withoutVectors}, axis))));
        assertClose(nativeDx, withoutVectors);
    }

    @Test
    void softmaxBackwardOverAnotherAxisOrInDoublePrecisionRunsNatively() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray g = Nd4j.rand(DataType.FLOAT, 3, 4);
        assertFalse(Kernels.run(new SoftmaxBp(), axisContext(new INDArray[] {x, g},
                new INDArray[] {Nd4j.create(DataType.FLOAT, 3, 4)}, 0)), "axis 0");
        INDArray d = Nd4j.rand(DataType.DOUBLE, 3, 4);
        assertFalse(Kernels.run(new SoftmaxBp(), axisContext(new INDArray[] {d, d},
                new INDArray[] {Nd4j.create(DataType.DOUBLE, 3, 4)}, 1)), "float64");
        INDArray view = Nd4j.rand(DataType.FLOAT, 4, 3).transpose();
        assertFalse(Kernels.run(new SoftmaxBp(), axisContext(new INDArray[] {view, Nd4j.rand(DataType.FLOAT, 3, 4)},
                new INDArray[] {Nd4j.create(DataType.FLOAT, 3, 4)}, 1)), "strided input");
    }

    @Test
    void cOrderedArraysWithSizeOneAxesAreDense() {
        assertTrue(BatchedGemm.isDense(Nd4j.create(DataType.FLOAT, 4, 1, 384)), "[4, 1, 384]");
        assertTrue(BatchedGemm.isDense(Nd4j.create(DataType.FLOAT, 2, 8, 7, 7, 3, 1, 16, 16)), "unit tubelet axis");
        assertFalse(BatchedGemm.isDense(Nd4j.rand(DataType.FLOAT, 3, 4).transpose()), "transposed view");
        assertFalse(BatchedGemm.isDense(Nd4j.rand(DataType.FLOAT, 4, 6).get(NDArrayIndex.all(),
                NDArrayIndex.interval(0, 3))), "column slice");
        assertFalse(BatchedGemm.isDense(Nd4j.rand(DataType.FLOAT, 4, 1, 6).get(NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, 3))), "column slice beside a unit axis");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"2,3,4,5,6; 0,2,1,3,4; false", "2,3,4,5,6; 3,0,2,1,4; false",
        "2,4,2,3,7,16,7,16; 0,1,4,6,3,2,5,7; false", "2,8,1,3,7,16,7,16; 0,1,4,6,3,2,5,7; false",
        "2,4,2,3,7,16,7,16; 0,1,4,6,2,5,7,3; false",
        "4,1,5; 2,0,1; false", "5,7; 1,0; false", "3,4,5; 1,0,2; true",
        "3,4,5; 2,0,1; true"})
    void permuteMatchesTheNativeOp(String dims, String axes, boolean stridedInput) {
        long[] shape = Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
        int[] perm = Arrays.stream(axes.split(",")).mapToInt(Integer::parseInt).toArray();
        Nd4j.getRandom().setSeed(13);
        INDArray x = stridedInput                                       // a view with an offset and row stride 2·W
                ? Nd4j.rand(DataType.FLOAT, shape[0], shape[1], 2 * shape[2]).get(NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.interval(shape[2], 2 * shape[2]))
                : Nd4j.rand(DataType.FLOAT, shape);
        INDArray expected = Nd4j.exec(new Permute(x, perm))[0];
        INDArray out = Nd4j.create(DataType.FLOAT, expected.shape());
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x);
        c.setOutputArrays(out);
        c.setIArguments(Arrays.stream(perm).asLongStream().toArray());
        assertTrue(Kernels.run(new Permute(), c));
        assertEquals(expected, out);
    }

    @ParameterizedTest
    @CsvSource({"5,7,false", "788,384,false", "300,1536,true"})
    void biasGradientMatchesTheNativeOp(int rows, int cols, boolean rowVectorBias) {
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, cols);
        INDArray b = rowVectorBias ? Nd4j.rand(DataType.FLOAT, 1, cols) : Nd4j.rand(DataType.FLOAT, cols);
        INDArray dz = Nd4j.randn(DataType.FLOAT, rows, cols);
        INDArray nativeDx = Nd4j.create(DataType.FLOAT, rows, cols);
        INDArray nativeDb = Nd4j.create(DataType.FLOAT, b.shape());
        Nd4j.exec(DynamicCustomOp.builder("add_bp").addInputs(x, b, dz).addOutputs(nativeDx, nativeDb).build());
        INDArray dx = Nd4j.create(DataType.FLOAT, rows, cols);
        INDArray db = Nd4j.create(DataType.FLOAT, b.shape());
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x, b, dz);
        c.setOutputArrays(dx, db);
        assertTrue(Kernels.run(new AddBpOp(), c));
        assertEquals(nativeDx, dx);
        INDArray exact = dz.castTo(DataType.DOUBLE).sum(0).reshape(b.shape());
        for (INDArray got : new INDArray[] {nativeDb, db}) {
            double diff = exact.sub(got.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-4, "max |column sum - double sum| = " + diff);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"80,384; 80,384", "80,384; 384", "784,192; 1,192", "4,20,6,64; 64",
        "3,5,7; 3,5,7", "200000; 200000"})
    void addMatchesTheNativeOp(String xDims, String yDims) {
        long[] xs = Arrays.stream(xDims.split(",")).mapToLong(Long::parseLong).toArray();
        long[] ys = Arrays.stream(yDims.split(",")).mapToLong(Long::parseLong).toArray();
        Nd4j.getRandom().setSeed(19);
        INDArray x = Nd4j.randn(DataType.FLOAT, xs);
        INDArray y = Nd4j.randn(DataType.FLOAT, ys);
        INDArray expected = x.add(y.reshape(y.rank() == 1 && x.rank() > 1 ? new long[] {1, ys[0]} : ys));
        INDArray z = Nd4j.create(DataType.FLOAT, xs);
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x, y);
        c.setOutputArrays(z);
        assertTrue(Kernels.run(new AddOp(), c));
        assertEquals(expected, z);
    }

    @Test
    void addOfOtherBroadcastsRunsNatively() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x, Nd4j.rand(DataType.FLOAT, 4, 1));               // a column, not a row
        c.setOutputArrays(Nd4j.create(DataType.FLOAT, 4, 6));
        assertFalse(Kernels.run(new AddOp(), c), "column broadcast");
        OpContext d = Nd4j.getExecutioner().buildContext();
        d.setInputArrays(Nd4j.rand(DataType.DOUBLE, 4, 6), Nd4j.rand(DataType.DOUBLE, 4, 6));
        d.setOutputArrays(Nd4j.create(DataType.DOUBLE, 4, 6));
        assertFalse(Kernels.run(new AddOp(), d), "float64");
    }

    @Test
    void scaleAndReshapeMatchTheNativeOps() {
        Nd4j.getRandom().setSeed(23);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 6, 20, 64);
        INDArray scaled = Nd4j.create(DataType.FLOAT, x.shape());
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(x);
        c.setOutputArrays(scaled);
        assertTrue(Kernels.run(new ScalarMultiplication(x, 0.125), c));
        assertEquals(x.mul(0.125), scaled);

        INDArray reshaped = Nd4j.create(DataType.FLOAT, 80, 384);
        OpContext r = Nd4j.getExecutioner().buildContext();
        r.setInputArrays(x.reshape(4, 20, 6, 64));
        r.setOutputArrays(reshaped);
        r.setIArguments(Reshape.C_ORDER, 80, 384);
        assertTrue(Kernels.run(new Reshape(), r));
        assertEquals(Nd4j.exec(new Reshape(x.reshape(4, 20, 6, 64), 80, 384))[0], reshaped);

        OpContext f = Nd4j.getExecutioner().buildContext();
        f.setInputArrays(x);
        f.setOutputArrays(Nd4j.create(DataType.FLOAT, 80, 384));
        f.setIArguments(Reshape.F_ORDER, 80, 384);
        assertFalse(Kernels.run(new Reshape(), f), "an F-order reshape is not a plain copy");
        OpContext v = Nd4j.getExecutioner().buildContext();
        v.setInputArrays(x.permute(0, 2, 1, 3));
        v.setOutputArrays(Nd4j.create(DataType.FLOAT, 80, 384));
        v.setIArguments(Reshape.C_ORDER, 80, 384);
        assertFalse(Kernels.run(new Reshape(), v), "a strided view is not a plain copy");
    }

    @Test
    void sumOfSquaresMatchesNorm2() {
        INDArray f = Nd4j.rand(DataType.FLOAT, 300, 7).subi(0.5);
        double expected = Math.pow(f.castTo(DataType.DOUBLE).norm2Number().doubleValue(), 2);
        assertEquals(expected, Kernels.sumOfSquares(f), 1e-7 * expected);
        INDArray d = Nd4j.rand(DataType.DOUBLE, 5, 4);
        assertEquals(Math.pow(d.norm2Number().doubleValue(), 2), Kernels.sumOfSquares(d), 1e-12);
        INDArray view = f.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        double viewExpected = Math.pow(view.norm2Number().doubleValue(), 2);
        assertEquals(viewExpected, Kernels.sumOfSquares(view), 1e-5 * viewExpected, "a strided view takes the norm2 path");
    }

    /** Small (one block) and large (many blocks, over the workers), dense and strided (the ND4J fallback). */
    @ParameterizedTest
    @CsvSource({"7, false", "70001, false", "7, true", "70001, true"})
    void sumIntoSetsThenAddsTheGradient(int n, boolean strided) {
        Nd4j.getRandom().setSeed(n);
        INDArray sum = Nd4j.create(DataType.FLOAT, 2, n).assign(Double.NaN);
        INDArray expected = Nd4j.zeros(DataType.FLOAT, 2, n);
        for (int i = 0; i < 3; i++) {
            INDArray g = strided ? Nd4j.randn(DataType.FLOAT, n, 2).transpose() : Nd4j.randn(DataType.FLOAT, 2, n);
            INDArray g0 = g.dup();
            expected.addi(g0);
            Kernels.sumInto(g, sum, i == 0);
            assertEquals(g0, g, "the gradient is left as it was");
        }
        assertClose(expected, sum);
        assertThrows(IllegalArgumentException.class, () -> Kernels.sumInto(Nd4j.ones(DataType.FLOAT, 3), sum, true));
    }

    /** A strided 3,072 × 1,536 view (a ViT-B MLP weight's size) takes the fallback: in double, as the BLAS pass. */
    @Test
    void sumOfSquaresOfLongArraysIsExactInDoubleDenseOrStrided() {
        Nd4j.getRandom().setSeed(5);
        INDArray big = Nd4j.randn(DataType.FLOAT, 3072, 1600).addi(0.1);
        INDArray view = big.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1536));
        double expected = 0;
        for (float f : view.dup('c').reshape(-1).toFloatVector()) {
            expected += (double) f * f;
        }
        // libnd4j's float32 norm2 of this view was 1.8e-3 off
        assertEquals(expected, Kernels.sumOfSquares(view), 1e-9 * expected, "strided view (the norm2 path)");
        assertEquals(expected, Kernels.sumOfSquares(view.dup('c')), 1e-9 * expected, "dense (BLAS dsdot)");
    }

    /**
     * The kernels' sums over batch × tokens rows: the bias gradient and the layer norm's dγ, dβ over 6,274 rows (two
     * 224² × 32-frame ViViT clips) and over 100,000, against double sums.
     */
    @ParameterizedTest
    @CsvSource({"6274", "100000"})
    void columnSumsOverManyRowsAreAccurate(int rows) {
        Nd4j.getRandom().setSeed(6);
        int width = 48;
        INDArray dy = Nd4j.randn(DataType.FLOAT, rows, width).addi(Nd4j.rand(DataType.FLOAT, 1, width));
        INDArray x = Nd4j.randn(DataType.FLOAT, rows, width).muli(2).addi(0.3);
        INDArray gamma = Nd4j.linspace(DataType.FLOAT, 0.5, 0.01, width);
        INDArray db = Nd4j.create(DataType.FLOAT, width);
        BiasGradient.columnSums(dy, db);
        INDArray dx = Nd4j.create(DataType.FLOAT, rows, width);
        INDArray dGamma = Nd4j.create(DataType.FLOAT, width);
        INDArray dBeta = Nd4j.create(DataType.FLOAT, width);
        RowLayerNorm.backward(x, gamma, dy, dx, dGamma, dBeta, 1e-6);

        double[] g = dy.reshape(-1).toDoubleVector();
        double[] xs = x.reshape(-1).toDoubleVector();
        double[] sum = new double[width];
        double[] sumXhat = new double[width];
        double[] magnitude = new double[width];
        for (int r = 0; r < rows; r++) {
            int at = r * width;
            double mean = 0;
            for (int j = 0; j < width; j++) {
                mean += xs[at + j] / width;
            }
            double var = 0;
            for (int j = 0; j < width; j++) {
                var += (xs[at + j] - mean) * (xs[at + j] - mean) / width;
            }
            for (int j = 0; j < width; j++) {
                sum[j] += g[at + j];
                sumXhat[j] += g[at + j] * (xs[at + j] - mean) / Math.sqrt(var + 1e-6);
                magnitude[j] += Math.abs(g[at + j]);
            }
        }
        for (int j = 0; j < width; j++) {
            // one float accumulator per thread was up to 2e-6 of Σ|dy| off at 6,274 rows
            assertEquals(sum[j], db.getDouble(j), 1e-7 * magnitude[j], "bias gradient, column " + j);
            assertEquals(sum[j], dBeta.getDouble(j), 1e-7 * magnitude[j], "dβ, column " + j);
            assertEquals(sumXhat[j], dGamma.getDouble(j), 2e-7 * magnitude[j], "dγ, column " + j);
        }
    }

    private static OpContext axisContext(INDArray[] in, INDArray[] out, int axis) {
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(in);
        c.setOutputArrays(out);
        c.setIArguments(axis);
        return c;
    }

    private static OpContext context(INDArray[] in, INDArray[] out, boolean ta, boolean tb) {
        OpContext c = Nd4j.getExecutioner().buildContext();
        c.setInputArrays(in);
        c.setOutputArrays(out);
        c.setIArguments(ta ? 1 : 0, tb ? 1 : 0, 0);
        return c;
    }
}
