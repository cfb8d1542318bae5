package org.tubelet.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.tubelet.cli.Main;
import org.tubelet.engine.NativeEnvironment;

/**
 * {@code spark-submit --class org.tubelet.spark.SparkTrain tubelet-spark.jar --recipe R [--set k=v]...}, or
 * {@code java -jar tubelet-spark.jar --recipe R ...} for Spark's local mode on one machine: the trainer's command line
 * ({@code train} and every other command), with this jar's {@link SparkTraining} serving recipes with
 * {@code distributed.workers > 1}.
 *
 * <p>The jar does not carry Spark (a cluster has its own). Started with {@code java -jar} and no Spark on the class
 * path, it runs itself again with the Spark jars of the {@code lib/} folder beside it (where the build copies them),
 * Spark's Java 17 {@code --add-opens} list (the jar manifest's {@code Add-Opens}) and the native-library settings.
 */
public final class SparkTrain {
    private SparkTrain() {
    }

    public static void main(String[] args) throws Exception {
        if (!sparkPresent()) {
            System.exit(relaunchWithSpark(args));
        }
        Main.start(args);                       // the driver trains too in local mode, and with one worker
        System.exit(Main.run(args));
    }

    private static boolean sparkPresent() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkTrain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** {@code java <this JVM's options> --add-opens ... -cp <jar>:<lib>/* SparkTrain args}; returns its exit code. */
    private static int relaunchWithSpark(String[] args) throws IOException, InterruptedException, URISyntaxException {
        Path jar = Path.of(SparkTrain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = jar.getParent().resolve("lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            System.err.println("Spark is not on the class path and there is no " + lib + " with its jars: run this jar "
                    + "with spark-submit --class " + SparkTrain.class.getName() + ", or keep the lib/ folder the build "
                    + "writes beside it");
            return 2;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        try (JarFile j = new JarFile(jar.toFile())) {
            String opens = j.getManifest().getMainAttributes().getValue("Add-Opens");
            for (String o : opens == null ? new String[0] : opens.trim().split("\\s+")) {
                cmd.add("--add-opens=" + o + "=ALL-UNNAMED");
            }
        }
        cmd.add("-cp");
        cmd.add(jar + java.io.File.pathSeparator + lib.resolve("*"));
        cmd.add(SparkTrain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        NativeEnvironment.settings().forEach((k, v) -> pb.environment().putIfAbsent(k, v));
        return pb.start().waitFor();
    }
}
