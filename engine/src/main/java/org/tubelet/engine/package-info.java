/**
 * Tubelet's execution engine for SameDiff graphs.
 *
 * <h2>What lives here</h2>
 * <ul>
 *   <li>Start-up: {@link org.tubelet.engine.Engine#install()} (native build choice, {@link
 *       org.tubelet.engine.NativeBuild}; OpenBLAS's kernels, {@link org.tubelet.engine.OpenBlasCore}; both from the
 *       {@link org.tubelet.engine.Processor}; {@link org.tubelet.engine.NativeEnvironment}, and the sessions
 *       below).</li>
 *   <li>Sessions: {@link org.tubelet.engine.KernelInferenceSession} and
 *       {@link org.tubelet.engine.KernelTrainingSession}, SameDiff's own with {@link org.tubelet.engine.Kernels} in
 *       place of the native ops those cover, which also keep the subgraph a run needs between runs
 *       ({@code SubgraphCache}) and free each gradient as soon as its update is done; their memory
 *       ({@link org.tubelet.engine.ArrayCache}, {@link org.tubelet.engine.SessionArrays}); running a graph without
 *       leaving memory behind ({@link org.tubelet.engine.GraphSessions}).</li>
 *   <li>Kernels of stock ops ({@code matmul}, {@code matmul_bp}, {@code permute}, {@code add}, {@code add_bp},
 *       {@code mul_scalar}, {@code reshape}, {@code softmax_bp}), dispatched by {@link org.tubelet.engine.Kernels}
 *       ({@link org.tubelet.engine.BatchedGemm}, {@code PermuteCopy},
 *       {@code BiasGradient}, {@code Elementwise},
 *       {@code RowSoftmax}), and the trainer's passes outside the graph
 *       ({@code AdamWPass}, {@link org.tubelet.engine.Kernels#sumOfSquares}).</li>
 *   <li>Fused nodes ({@link org.tubelet.engine.FusedNode}), registered in {@link org.tubelet.engine.FusedNodes}:
 *       {@link org.tubelet.engine.FusedGelu}, {@link org.tubelet.engine.FusedLinear},
 *       {@link org.tubelet.engine.FusedStackedLinear}, {@link org.tubelet.engine.FusedResidualLinear},
 *       {@link org.tubelet.engine.FusedAttention}, {@link org.tubelet.engine.FusedTokenLayout},
 *       {@link org.tubelet.engine.RowLayerNorm}. A node of one input sits on the layer norm's three through
 *       {@code Carrier.anchored}.</li>
 *   <li>Sums over rows, columns and keys that stay accurate however long: {@code Sums} (float partial sums of short
 *       blocks, added in double), used by every kernel that sums over batch × tokens rows or attention keys.</li>
 *   <li>Threads and warm-up: {@code Workers}, {@link org.tubelet.engine.JitWarmup}.</li>
 * </ul>
 *
 * <h2>What it may use</h2>
 * ND4J/SameDiff's API, OpenBLAS's C API (through JavaCPP; {@code openblas_get_corename} and the C library's
 * {@code setenv}/{@code getenv} through JNA, which ND4J ships) and Log4j, nothing of Tubelet's: the models, the trainer
 * and the CLI build on the engine, never the other way round. Graphs reach it as {@code SameDiff} objects; model
 * blocks add fused nodes through the nodes' typed factories ({@code FusedLinear.node(x, W, b)}, ...).
 *
 * <h2>Adding a fused node</h2>
 * <ol>
 *   <li>Write the kernels (forward and backward, float32) and implement {@link org.tubelet.engine.FusedNode} in one
 *       final class: its name, its carrier op, a marker of its own in the carrier's integer arguments (an
 *       out-of-range axis to libnd4j; never reuse or change an existing marker: saved graphs hold them) with
 *       {@code encode}/{@code recognise}, {@code forward}, {@code backward}, {@code outputShape} if the output's
 *       shape is not the first input's, and a typed static factory for the model blocks that calls
 *       {@code build}.</li>
 *   <li>Give it {@code examples()}: inputs that take the kernel's different paths, each with the same function
 *       written out in stock ops.</li>
 *   <li>Register it in {@link org.tubelet.engine.FusedNodes}. Nothing else in the engine changes: the sessions
 *       compute, label (profiles) and size it through the registry.</li>
 *   <li>The engine's {@code FusedNodesTest} then covers it: on every example, its output and the gradients of all
 *       its inputs match the written-out form, its graph holds exactly one fused node, the kernels ran it, and
 *       SameDiff's own session refuses it instead of computing the carrier's softmax or layer norm. Add a test of
 *       the model block that uses it against the block written out (the trainer's {@code FusedBlocksTest}).</li>
 * </ol>
 */
package org.tubelet.engine;
