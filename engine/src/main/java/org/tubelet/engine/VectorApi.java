package org.tubelet.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the kernels use Java's Vector API ({@code jdk.incubator.vector}, {@link VectorKernels}) for the
 * exponentials and hyperbolic tangents of the softmax and GELU.
 *
 * <p>C2 does not vectorise {@code Math.exp} or {@code Math.tanh}, so without the Vector API these run in libnd4j, as
 * whole-array passes of their own (a softmax over the 931 K scores of one bench-s ViViT attention layer: 2 ms on two
 * threads). With it they run on a thread's row block while it is in cache, as vector polynomials
 * ({@link VectorKernels}, whose results do not depend on when the JIT compiles them). The module is an incubator
 * module: the JVM resolves it only with {@code --add-modules jdk.incubator.vector}, which Tubelet's launcher adds
 * when it re-executes the JVM ({@link NativeEnvironment}); Java programs that use Tubelet as a library add the option
 * themselves. The kernels use it when the module is resolved and the processor has vectors of at least 256 bits
 * (AVX2 or AVX-512; below that C2 compiles little of the Vector API and it would be slower than libnd4j), unless
 * {@value #VARIABLE} is {@code off}.
 */
public final class VectorApi {
    /** The module's name, for {@code --add-modules}. */
    public static final String MODULE = "jdk.incubator.vector";
    /** The environment variable that turns the Vector API off ({@code off}); anything else leaves it on. */
    public static final String VARIABLE = "TUBELET_VECTOR";
    /** The narrowest vectors the kernels use the Vector API for. */
    static final int MIN_BITS = 256;

    private static volatile boolean enabled = !turnedOff() && moduleResolved()
            && VectorKernels.preferredBits() >= MIN_BITS;

    private VectorApi() {
    }

    /** True if the kernels use the Vector API in this JVM (decided once, at first use). */
    public static boolean enabled() {
        return enabled;
    }

    /** Runs {@code body} with the kernels' Vector API off: the libnd4j path, for tests. */
    static void without(Runnable body) {
        boolean was = enabled;
        enabled = false;
        try {
            body.run();
        } finally {
            enabled = was;
        }
    }

    /** True if this JVM resolved {@value #MODULE} ({@code --add-modules}). */
    public static boolean moduleResolved() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** Whether the kernels use it, for diagnostics: "on (512-bit)", or "off" and why. */
    public static String describe() {
        if (turnedOff()) {
            return "off (" + VARIABLE + "=off)";
        }
        if (!moduleResolved()) {
            return "off (JVM started without --add-modules " + MODULE + ")";
        }
        int bits = VectorKernels.preferredBits();
        return bits >= MIN_BITS ? "on (" + bits + "-bit)" : "off (" + bits + "-bit vectors)";
    }

    /** True if the user set {@value #VARIABLE} to {@code off}. */
    static boolean turnedOff() {
        return Optional.ofNullable(System.getenv(VARIABLE)).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter("off"::equals).isPresent();
    }
}
