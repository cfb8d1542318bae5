package org.tubelet.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a safetensors header: where a tensor's bytes are, without the bytes.
 *
 * @param name  the tensor name
 * @param dtype the element type
 * @param shape the shape (copied on the way in and out)
 * @param begin offset of the first byte, relative to the first byte after the header
 * @param end   offset one past the last byte, relative to the first byte after the header
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /** Copies the shape so the record stays immutable. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
    }

    /** @return a copy of the shape */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements (1 for a scalar) */
    public long numel() {
        return Shapes.numel(shape);
    }

    /** @return {@code end - begin}, the size of the tensor's data in bytes */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo other
                && name.equals(other.name)
                && dtype == other.dtype
                && Arrays.equals(shape, other.shape)
                && begin == other.begin
                && end == other.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return "TensorInfo[" + name + " " + dtype + " " + Shapes.format(shape) + " [" + begin + ", " + end + ")]";
    }
}
