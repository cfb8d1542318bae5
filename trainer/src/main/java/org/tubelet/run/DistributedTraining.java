package org.tubelet.run;

import java.io.PrintStream;
import java.util.ServiceLoader;
import org.tubelet.recipe.Recipe;

/**
 * Runs a recipe with {@code distributed.workers > 1}: data-parallel replicas of {@link Training#run(Recipe,
 * PrintStream, org.tubelet.train.loop.GradientReducer)}. The trainer has no implementation; the {@code tubelet-spark}
 * jar provides one (Apache Spark, found through {@link ServiceLoader}), so {@code trainer.jar} stays free of Spark.
 */
public interface DistributedTraining {

    /** Trains the recipe on {@code r.distributed().workers()} replicas; returns rank 0's result. */
    TrainResult train(Recipe r, PrintStream out) throws Exception;

    /**
     * The launcher on the class path.
     *
     * @throws IllegalArgumentException when there is none (the recipe asks for workers that this jar cannot start)
     */
    static DistributedTraining find(Recipe r) {
        return ServiceLoader.load(DistributedTraining.class).findFirst().orElseThrow(() ->
                new IllegalArgumentException(r.source() + ": distributed.workers = " + r.distributed().workers()
                        + " needs the Spark launcher, which trainer.jar does not carry. On one machine run "
                        + "java -jar spark/target/tubelet-spark.jar --recipe <recipe> [--set ...] (Spark local mode); "
                        + "on a cluster spark-submit --class org.tubelet.spark.SparkTrain tubelet-spark.jar --recipe "
                        + "<recipe> (see README, \"More than one machine\"); or set distributed.workers = 1"));
    }
}
