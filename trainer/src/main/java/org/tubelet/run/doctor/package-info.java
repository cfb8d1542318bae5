/**
 * {@code doctor}: what a bug report needs and what decides speed, as a {@link org.tubelet.run.doctor.Diagnosis}
 * gathered by {@link org.tubelet.run.doctor.Probes} (versions, processor, ND4J's native build, the OpenBLAS core found
 * by {@link org.tubelet.engine.OpenBlasCore}, threads, native environment, FFmpeg, GPUs, memory, disk) with
 * {@link org.tubelet.run.doctor.Advice}'s warnings. {@link org.tubelet.run.Doctor} adds a recipe's memory need.
 *
 * <p>May use the engine, the models and the JDK / ND4J / JavaCPP / FFmpeg APIs; never {@code org.tubelet.run}
 * (which uses it), {@code recipe} or {@code cli}.
 */
package org.tubelet.run.doctor;
