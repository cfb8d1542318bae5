package org.tubelet.io;

/**
 * Exact widening of 16-bit floats to {@code float} (Java 17 has no {@code Float.float16ToFloat}).
 * Every F16 and BF16 value, including subnormals, infinities and NaN, is exactly representable as a float.
 */
final class HalfFloats {

    private static final int F16_EXP_MASK = 0x1F;
    private static final int F16_MANT_BITS = 10;
    /** float exponent bias (127) minus half exponent bias (15). */
    private static final int EXP_BIAS_DIFF = 112;

    private HalfFloats() {
    }

    /**
     * Converts IEEE 754 binary16 bits to a float.
     *
     * @param bits the 16 bits (the upper bits of the int are ignored)
     * @return the same value as a float; NaN payloads are kept
     */
    static float f16ToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> F16_MANT_BITS) & F16_EXP_MASK;
        int mant = bits & 0x3FF;
        if (exp == F16_EXP_MASK) {
            // infinity (mant == 0) or NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in float
            float magnitude = mant * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp + EXP_BIAS_DIFF) << 23) | (mant << 13));
    }

    /**
     * Converts bfloat16 bits to a float: bfloat16 is the upper half of a binary32.
     *
     * @param bits the 16 bits (the upper bits of the int are ignored)
     * @return the same value as a float
     */
    static float bf16ToFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
