package org.tubelet.spark;

import org.tubelet.cli.Main;
import org.tubelet.engine.Engine;
import org.tubelet.engine.NativeEnvironment;

/**
 * {@code spark-submit --class org.tubelet.spark.SparkTrain tubelet-spark.jar --recipe R [--set k=v]...}, or
 * {@code java -jar tubelet-spark.jar --recipe R ...} for Spark's local mode on one machine: the trainer's command line
 * ({@code train} and every other command), with this jar's {@link SparkTraining} serving recipes with
 * {@code distributed.workers > 1}.
 */
public final class SparkTrain {
    private SparkTrain() {
    }

    public static void main(String[] args) {
        if (!NativeEnvironment.ready()) {       // before ND4J loads: the native libraries read it once
            var code = NativeEnvironment.relaunch(args);
            if (code.isPresent()) {
                System.exit(code.get());
            }
        }
        Engine.install();                       // the driver trains too in local mode, and with one worker
        System.exit(Main.run(args));
    }
}
