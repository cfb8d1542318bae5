package org.tubelet.io;

/** Shape arithmetic and formatting shared by the tensor, safetensors and npy code. */
final class Shapes {

    private Shapes() {
    }

    /**
     * Number of elements of a shape; the empty shape (a scalar) has one element.
     *
     * @throws IllegalArgumentException if a dimension is negative or the product overflows a long
     */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in shape " + format(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + format(shape) + " has more than " + Long.MAX_VALUE
                        + " elements");
            }
        }
        return n;
    }

    /**
     * Formats a shape like Python's {@code repr} of a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}.
     * This is also the exact text of the {@code 'shape'} entry of a NumPy .npy header.
     */
    static String format(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
