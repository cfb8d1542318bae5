package org.tubelet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.run.TrainResult;
import org.tubelet.train.checkpoint.Checkpoints;
import org.tubelet.train.listeners.MetricsCsv;

/**
 * A Spark standalone cluster on loopback, started from the project's own jars: a master and 2 workers (separate JVMs,
 * 1 core each), one executor JVM per worker; the barrier stage's 2 replicas train 10 steps across the executors.
 */
@Tag("slow")
class StandaloneClusterTest {
    @TempDir
    Path dir;

    @Test
    void twoExecutorsOfAStandaloneClusterTrainTenSteps() throws Exception {
        Path sparkHome = sparkHome();
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        List<Process> daemons = new ArrayList<>();
        SparkContext sc = null;
        try {
            daemons.add(daemon(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--webui-port", String.valueOf(freePort())));
            for (int w = 0; w < 2; w++) {
                Path work = Files.createDirectories(dir.resolve("worker" + w));
                daemons.add(daemon(sparkHome, "worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "3g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                        work.toString(), master));
            }
            SparkConf conf = new SparkConf().setMaster(master).setAppName("tubelet standalone smoke test")
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false")
                    .set("spark.executor.cores", "1").set("spark.task.cpus", "1").set("spark.cores.max", "2")
                    .set("spark.executor.memory", "1g")
                    .set("spark.executor.extraClassPath", folders())      // the project's classes; jars: SPARK_HOME
                    .set("spark.executorEnv.TUBELET_NATIVE_ENV", "1")
                    .set("spark.dynamicAllocation.enabled", "false").set("spark.speculation", "false");
            sc = new SparkContext(conf);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (sc.statusTracker().getExecutorInfos().length < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);                                      // the driver + 2 executors
            }
            assertEquals(3, sc.statusTracker().getExecutorInfos().length, "2 executors registered: " + logs());
            Path run = dir.resolve("run");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TrainResult r = SparkTraining.run(sc, DataParallelTrainingTest.recipe(dir.resolve("data"), run, "distributed.workers=2",
                    "train.max_steps=10", "train.eval_every=10", "checkpoint.every_steps=10"),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(10, r.steps());
            assertTrue(Files.isDirectory(run.resolve("checkpoints").resolve(Checkpoints.folderName(10))));
            assertEquals(10 + 1, MetricsCsv.read(run.resolve("metrics.csv")).size(), "10 steps and 1 evaluation");
        } finally {
            if (sc != null) {
                sc.stop();
            }
            for (Process p : daemons) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * A Spark home as the workers need one to start executors: {@code jars/} holding (links to) every jar of this
     * test's class path, Spark's and the project's dependencies.
     */
    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    /** The class-path entries that are folders (the modules' classes). */
    private static String folders() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> Files.isDirectory(Path.of(e))).collect(java.util.stream.Collectors.joining(
                        java.io.File.pathSeparator));
    }

    private Process daemon(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m"));
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("\n== ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
