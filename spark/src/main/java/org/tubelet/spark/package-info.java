/**
 * Data-parallel training on Apache Spark: {@link org.tubelet.spark.SparkTraining} runs one barrier stage whose tasks
 * are long-lived replicas ({@code Replica}) joined by the gradient ring of {@code org.tubelet.spark.collective};
 * {@link org.tubelet.spark.RingReplicas} is the trainer's {@link org.tubelet.train.loop.GradientReducer} over that
 * ring; {@link org.tubelet.spark.SparkTrain} is the {@code spark-submit} / {@code java -jar} entry point.
 */
package org.tubelet.spark;
