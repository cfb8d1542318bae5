package org.tubelet.spark;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.tubelet.recipe.Recipe;
import org.tubelet.run.DistributedTraining;
import org.tubelet.run.TrainResult;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Data-parallel training on Apache Spark: one barrier stage of {@code distributed.workers} tasks
 * ({@code rdd.barrier().mapPartitions}), each a long-lived {@link Replica}, gang-scheduled together and retried
 * together. Without a master configured (no {@code spark-submit}, no {@code spark.master}) it runs Spark's
 * {@code local[workers]} inside this JVM.
 */
public final class SparkTraining implements DistributedTraining {
    private static final Logger LOG = LogManager.getLogger(SparkTraining.class);

    @Override
    public TrainResult train(Recipe r, PrintStream out) throws Exception {
        int workers = r.distributed().workers();
        SparkConf conf = new SparkConf().setAppName("tubelet " + r.name());
        boolean local = !conf.contains("spark.master");
        if (local) {
            for (String noisy : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop")) {
                // Spark's INFO lines (contexts, block managers, barriers) would bury the run's progress
                Configurator.setLevel(noisy, Level.ERROR);
            }
            conf.setMaster("local[" + workers + "]")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.speculation", "false")
                .setIfMissing("spark.dynamicAllocation.enabled", "false");
        SparkContext sc = SparkContext.getOrCreate(conf);
        try {
            return run(sc, r, out);
        } finally {
            if (local) {
                sc.stop();
            }
        }
    }

    /** Runs the barrier stage on {@code sc} and returns rank 0's result. */
    static TrainResult run(SparkContext sc, Recipe r, PrintStream out) {
        int workers = r.distributed().workers();
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ranks.add(i);
        }
        RDD<Integer> tasks = JavaSparkContext.fromSparkContext(sc).parallelize(ranks, workers).rdd();
        ClassTag<Outcome> tag = ClassTag$.MODULE$.apply(Outcome.class);
        LocalOut.set(out);
        Object collected = tasks.barrier().mapPartitions(new TrainTask(r.toYaml(), r.source()), false, tag)
                .collect();
        for (Outcome o : (Outcome[]) collected) {
            if (o != null) {
                LOG.info("{} workers: {}", workers, o.reduceSummary());
                return o.result();
            }
        }
        throw new IllegalStateException("the training stage returned no result from rank 0");
    }

    /** The task function: trains one replica; rank 0 returns its outcome. */
    static final class TrainTask extends AbstractFunction1<Iterator<Integer>, Iterator<Outcome>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String recipeYaml;
        private final String recipeSource;

        TrainTask(String recipeYaml, String recipeSource) {
            this.recipeYaml = recipeYaml;
            this.recipeSource = recipeSource;
        }

        @Override
        public Iterator<Outcome> apply(Iterator<Integer> partition) {
            try {
                Outcome o = Replica.train(recipeYaml, recipeSource, LocalOut.get());
                return CollectionConverters.asScala(o == null ? List.<Outcome>of().iterator()
                        : List.of(o).iterator());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /**
     * Where rank 0 prints: the caller's stream when the task runs in the driver's JVM (local mode), else the
     * executor's standard output (its log on a cluster).
     */
    static final class LocalOut {
        private static volatile PrintStream out;

        private LocalOut() {
        }

        static void set(PrintStream s) {
            out = s;
        }

        static PrintStream get() {
            return out != null ? out : System.out;
        }
    }
}
