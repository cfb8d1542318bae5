package org.tubelet.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable tensor in Java heap memory: a {@link DType}, a shape and the elements in C (row-major) order as
 * little-endian bytes. This is the exchange type of the checkpoint readers and writers; it has no ND4J dependency.
 *
 * <p>A scalar has the empty shape and one element. Because the bytes live in one {@code byte[]}, a tensor holds at
 * most {@value #MAX_BYTES} bytes.
 */
public final class HostTensor {

    /** Largest byte array the JVM reliably allocates. */
    static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final long[] shape;
    /** Never modified and never handed out without copying or wrapping read-only. */
    private final byte[] data;

    private HostTensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * Number of bytes a tensor of this dtype and shape needs.
     *
     * @throws IllegalArgumentException if the shape is invalid or the tensor would not fit in a {@code byte[]}
     */
    static int byteCount(DType dtype, long[] shape) {
        long numel = Shapes.numel(shape);
        if (numel > MAX_BYTES / dtype.byteSize()) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + Shapes.format(shape)
                    + " needs more than " + MAX_BYTES + " bytes, too large for a HostTensor");
        }
        return (int) numel * dtype.byteSize();
    }

    /** Validates the shape against an element count and returns {@code numel} as an int. */
    private static int elementCount(long[] shape, int actualElements, DType dtype) {
        int expected = byteCount(dtype, shape) / dtype.byteSize();
        if (expected != actualElements) {
            throw new IllegalArgumentException("shape " + Shapes.format(shape) + " needs " + expected
                    + " elements but " + actualElements + " were given");
        }
        return expected;
    }

    private static ByteBuffer allocate(DType dtype, long[] shape, int elements) {
        return ByteBuffer.allocate(elementCount(shape, elements, dtype) * dtype.byteSize())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Creates an F32 tensor; the data is copied. */
    public static HostTensor ofFloats(long[] shape, float[] data) {
        ByteBuffer bb = allocate(DType.F32, shape, data.length);
        bb.asFloatBuffer().put(data);
        return new HostTensor(DType.F32, shape.clone(), bb.array());
    }

    /** Creates an F64 tensor; the data is copied. */
    public static HostTensor ofDoubles(long[] shape, double[] data) {
        ByteBuffer bb = allocate(DType.F64, shape, data.length);
        bb.asDoubleBuffer().put(data);
        return new HostTensor(DType.F64, shape.clone(), bb.array());
    }

    /** Creates an I64 tensor; the data is copied. */
    public static HostTensor ofLongs(long[] shape, long[] data) {
        ByteBuffer bb = allocate(DType.I64, shape, data.length);
        bb.asLongBuffer().put(data);
        return new HostTensor(DType.I64, shape.clone(), bb.array());
    }

    /** Creates an I32 tensor; the data is copied. */
    public static HostTensor ofInts(long[] shape, int[] data) {
        ByteBuffer bb = allocate(DType.I32, shape, data.length);
        bb.asIntBuffer().put(data);
        return new HostTensor(DType.I32, shape.clone(), bb.array());
    }

    /** Creates a BOOL tensor (one byte per element, 1 for true); the data is copied. */
    public static HostTensor ofBooleans(long[] shape, boolean[] data) {
        byte[] bytes = allocate(DType.BOOL, shape, data.length).array();
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return new HostTensor(DType.BOOL, shape.clone(), bytes);
    }

    /** Creates a U8 tensor (bytes read as unsigned); the data is copied. */
    public static HostTensor ofUint8(long[] shape, byte[] data) {
        return ofRaw(DType.U8, shape, data);
    }

    /**
     * Creates a tensor of any dtype from its little-endian element bytes in C order; the bytes are copied.
     *
     * @throws IllegalArgumentException if {@code littleEndianBytes.length != numel * dtype.byteSize()}
     */
    public static HostTensor ofRaw(DType dtype, long[] shape, byte[] littleEndianBytes) {
        Objects.requireNonNull(dtype, "dtype");
        int expected = byteCount(dtype, shape);
        if (littleEndianBytes.length != expected) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + Shapes.format(shape) + " needs "
                    + expected + " bytes but " + littleEndianBytes.length + " were given");
        }
        return new HostTensor(dtype, shape.clone(), littleEndianBytes.clone());
    }

    /**
     * Wraps bytes the caller gives up (read from a file by this package) without copying.
     * The caller must not keep a reference to {@code ownedBytes}.
     */
    static HostTensor wrapOwned(DType dtype, long[] shape, byte[] ownedBytes) {
        if (ownedBytes.length != byteCount(dtype, shape)) {
            throw new IllegalArgumentException("byte count does not match " + dtype + " " + Shapes.format(shape));
        }
        return new HostTensor(dtype, shape.clone(), ownedBytes);
    }

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions (0 for a scalar) */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements (1 for a scalar) */
    public long numel() {
        return data.length / dtype.byteSize();
    }

    /** @return the size of the element data in bytes ({@code numel() * dtype().byteSize()}) */
    public int sizeInBytes() {
        return data.length;
    }

    /** @return a copy of the little-endian element bytes */
    public byte[] rawBytes() {
        return data.clone();
    }

    /** @return a read-only little-endian view of the element bytes, without copying */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Elements as floats: F16 and BF16 are widened exactly, F64 is rounded to the nearest float, integer types are
     * converted as by a Java cast (U8 as unsigned) and BOOL gives 0 or 1.
     */
    public float[] toFloats() {
        float[] out = new float[(int) numel()];
        ByteBuffer le = buffer();
        if (dtype == DType.F32) {
            le.asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.isFloating() ? (float) floatingAt(le, i) : (float) integerAt(le, i);
        }
        return out;
    }

    /** Elements as doubles: floating types are widened exactly, integer types converted as by a Java cast. */
    public double[] toDoubles() {
        double[] out = new double[(int) numel()];
        ByteBuffer le = buffer();
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.isFloating() ? floatingAt(le, i) : (double) integerAt(le, i);
        }
        return out;
    }

    /**
     * Elements of an integer or BOOL tensor as longs (U8 as unsigned, BOOL as 0 or 1).
     *
     * @throws IllegalStateException for floating-point tensors
     */
    public long[] toLongs() {
        if (dtype.isFloating()) {
            throw new IllegalStateException("toLongs() needs an integer or BOOL tensor, but this one is " + dtype
                    + "; use toDoubles()");
        }
        long[] out = new long[(int) numel()];
        ByteBuffer le = buffer();
        for (int i = 0; i < out.length; i++) {
            out[i] = integerAt(le, i);
        }
        return out;
    }

    /**
     * Elements of a BOOL or U8 tensor as booleans (nonzero is true).
     *
     * @throws IllegalStateException for other dtypes
     */
    public boolean[] toBooleans() {
        if (dtype != DType.BOOL && dtype != DType.U8) {
            throw new IllegalStateException("toBooleans() needs a BOOL or U8 tensor, but this one is " + dtype);
        }
        boolean[] out = new boolean[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] != 0;
        }
        return out;
    }

    /**
     * The same elements with another shape.
     *
     * @throws IllegalArgumentException naming both shapes if the element counts differ
     */
    public HostTensor reshape(long... newShape) {
        long newNumel;
        try {
            newNumel = Shapes.numel(newShape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.format(shape) + " to "
                    + Shapes.format(newShape) + ": " + e.getMessage(), e);
        }
        if (newNumel != numel()) {
            throw new IllegalArgumentException("cannot reshape " + Shapes.format(shape) + " (" + numel()
                    + " elements) to " + Shapes.format(newShape) + " (" + newNumel + " elements)");
        }
        return new HostTensor(dtype, newShape.clone(), data);
    }

    /** Value of element {@code i} of a floating-point tensor, read from the little-endian view {@code le}. */
    private double floatingAt(ByteBuffer le, int i) {
        return switch (dtype) {
            case F64 -> le.getDouble(i * 8);
            case F32 -> le.getFloat(i * 4);
            case F16 -> HalfFloats.f16ToFloat(le.getShort(i * 2));
            case BF16 -> HalfFloats.bf16ToFloat(le.getShort(i * 2));
            default -> throw new IllegalStateException(dtype + " is not a floating-point type");
        };
    }

    /** Value of element {@code i} of an integer or BOOL tensor, read from the little-endian view {@code le}. */
    private long integerAt(ByteBuffer le, int i) {
        return switch (dtype) {
            case I64 -> le.getLong(i * 8);
            case I32 -> le.getInt(i * 4);
            case I16 -> le.getShort(i * 2);
            case I8 -> le.get(i);
            case U8 -> le.get(i) & 0xFF;
            case BOOL -> le.get(i) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor other
                && dtype == other.dtype
                && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "HostTensor[" + dtype + " " + Shapes.format(shape) + "]";
    }
}
