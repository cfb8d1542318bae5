package org.tubelet.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Tells this JVM's JIT how to inline {@link VectorKernels}, through a compiler directive added at run time (the
 * {@code Compiler.directives_add} diagnostic command, as {@code jcmd} sends it; no JVM option needed).
 *
 * <p>A Vector API value stays in registers only where C2 has inlined every call it passes through; across a call
 * it is a heap object. C2 inlines a hot static method into its caller, and stops inlining inside a compilation once
 * it has grown past its node budget ({@code NodeCountInliningCutoff}) or 15 calls deep ({@code MaxInlineLevel}).
 * The kernels' loops were inlined into the large lambdas of the attention and GELU kernels, and their vector
 * exponential then stayed a call: every vector it took and returned was allocated. Measured: one bench-s
 * TimeSformer run allocated 11 GB of vectors (2.7 GB without the Vector API); a {@code tanh} over 197 floats, once recompiled that way, took 13 µs and allocated 4.5 KB instead of
 * 0.4 µs and nothing. The directive keeps the array-level loops from being inlined into their callers, so each is
 * compiled on its own, and always inlines the vector functions into them.
 */
final class VectorInlining {
    private static final Logger LOG = LogManager.getLogger(VectorInlining.class);
    private static final String KERNELS = "org/tubelet/engine/VectorKernels.";
    private static final String VECTOR = "Ljdk/incubator/vector/FloatVector;";
    /** The loops, compiled on their own (JVM method descriptors). */
    static final List<String> LOOPS = List.of("softmaxRows([FII)V", "rowMax([FII)F", "expMinusSum([FIIF[F)F",
            "scaleRow([FIIF)V", "exp([F[FI)V", "tanh([F[FI)V", "dot([F[FI)D", "dotsAcrossLanes([FII[FII[F)V",
            "shortSoftmax([FIF)V", "shortSoftmaxGradient([F[FIF)V", "weightedRows([FII[FIIII[FII)V");
    /** The vector functions, always inlined. */
    static final List<String> FUNCTIONS = List.of("exp(" + VECTOR + ")" + VECTOR, "tanh(" + VECTOR + ")" + VECTOR);

    private VectorInlining() {
    }

    /** The directive, in HotSpot's compiler-directive JSON. */
    static String directive() {
        String inline = LOOPS.stream().map(m -> "\"-" + KERNELS + m + "\"").collect(Collectors.joining(", "))
                + ", " + FUNCTIONS.stream().map(m -> "\"+" + KERNELS + m + "\"").collect(Collectors.joining(", "));
        return "[{ match: \"*.*\", inline: [" + inline + "] }]";
    }

    /**
     * Adds {@link #directive()} to this JVM's compiler directives; true if the JVM accepted it. Where it cannot
     * (another JVM, no management), the kernels still compute the same results, with the allocations described above.
     */
    static boolean install() {
        Path file = null;
        try {
            file = Files.createTempFile("tubelet-inlining", ".json");
            Files.writeString(file, directive());
            Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            String said = String.valueOf(reply).trim();
            LOG.debug("Vector API kernels' inlining directive: {}", said);
            return said.startsWith("1 compiler directives added");
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            LOG.debug("Vector API kernels' inlining directive not added ({})", e.toString());
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("could not delete {} ({})", file, e.toString());
                }
            }
        }
    }
}
