package org.tubelet.engine;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A program as a Tubelet user writes it, for {@link OpenBlasCoreProcessTest}: with {@code --launcher} it starts as the
 * CLI's {@code main} does (re-executing itself with the native settings when they are missing), without it as a Java
 * program that uses Tubelet as a library ({@link Engine#install()} first). Prints the core type as its Java
 * environment shows it and the core each loaded OpenBLAS runs, then whether the Vector API's module is resolved and
 * the kernels use it ({@link VectorApi}), the JVM options the launcher adds ({@link JvmOptions}), the
 * {@code -XX:UseAVX} level Tubelet's native choices follow ({@link Processor#jvmAvxLimit()}) and the ND4J build
 * that loaded ({@link NativeBuild#loaded()}).
 */
public final class OpenBlasCoreProbe {
    private OpenBlasCoreProbe() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--launcher")) {
            NativeEnvironment.relaunchIfNeeded(args).ifPresent(System::exit);
        }
        Engine.install();
        Loader.load(openblas_nolapack.class);
        Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2));
        System.out.println("environment=" + System.getenv(OpenBlasCore.VARIABLE) + " running="
                + OpenBlasCore.running());
        System.out.println("vector=" + VectorApi.moduleResolved() + " " + VectorApi.enabled());
        System.out.println("jvm=" + JvmOptions.describe());
        System.out.println("limit=" + Processor.jvmAvxLimit() + " build=" + NativeBuild.loaded().orElseThrow());
    }
}
