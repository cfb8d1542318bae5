/**
 * File formats: Hugging Face safetensors ({@link org.tubelet.io.Safetensors}, {@link org.tubelet.io.SafetensorsFile},
 * {@link org.tubelet.io.TensorInfo}), NumPy {@code .npy} ({@link org.tubelet.io.Npy}), the heap tensor both exchange
 * ({@link org.tubelet.io.HostTensor} with its {@link org.tubelet.io.DType}), crash-safe writes
 * ({@link org.tubelet.io.AtomicFiles}) and {@link org.tubelet.io.NdArrays}, the one bridge to ND4J arrays. The
 * sub-package {@code tensorboard} writes TensorBoard event files.
 *
 * <p>The bottom layer of the trainer: uses the JDK, Jackson, Log4j and ND4J's array API, nothing of Tubelet's (not
 * even {@code org.tubelet.engine}). Every trainer package may use it; the engine and the datasets module do not.
 */
package org.tubelet.io;
