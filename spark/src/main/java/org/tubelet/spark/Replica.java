package org.tubelet.spark;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.BarrierTaskInfo;
import org.tubelet.engine.Engine;
import org.tubelet.recipe.DistributedSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Recipes;
import org.tubelet.run.TrainResult;
import org.tubelet.run.Training;
import org.tubelet.spark.collective.Ports;
import org.tubelet.spark.collective.RingAllReduce;

/**
 * One long-lived barrier task: one replica of the model for the whole run. It opens its gradient port, learns every
 * other task's address through {@link BarrierTaskContext#allGather}, joins the ring and trains; the SameDiff graph,
 * its sessions and the JIT stay warm from the first step to the last, and only gradients cross the network.
 */
final class Replica {
    private static final Logger LOG = LogManager.getLogger(Replica.class);

    private Replica() {
    }

    /**
     * Trains rank {@code BarrierTaskContext.get().partitionId()} of the recipe.
     *
     * @param recipeYaml the resolved recipe (every default written out)
     * @param recipeSource where the driver read it (for messages)
     * @param out where rank 0's progress goes
     * @return rank 0's result; null on the other ranks
     */
    static Outcome train(String recipeYaml, String recipeSource, PrintStream out) throws Exception {
        BarrierTaskContext task = BarrierTaskContext.get();
        BarrierTaskInfo[] tasks = task.getTaskInfos();
        int rank = task.partitionId();
        Recipe r = Recipes.parse(recipeSource, recipeYaml);
        DistributedSection d = r.distributed();
        if (tasks.length != d.workers()) {
            throw new IllegalStateException("the barrier stage has " + tasks.length + " tasks but distributed.workers"
                    + " = " + d.workers());
        }
        Engine.install();                               // once per JVM: ND4J's build, Tubelet's kernels
        NativeThreads.limit(d.threadsPerWorker());
        String host = host(tasks[rank].address());
        ServerSocketChannel server = Ports.bind("0.0.0.0", d.portRange().get(0), d.portRange().get(1));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        if (rank == 0) {
            Training.prepareData(r);                                    // the others wait in allGather below
        }
        String[] addresses = task.allGather(host + ":" + port);        // also the start barrier
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            peers.add(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))));
        }
        LOG.info("rank {} of {}: gradient ring through {}", rank, tasks.length, String.join(", ", addresses));
        try (RingAllReduce ring = RingAllReduce.join(rank, peers, server, Duration.ofSeconds(d.timeoutS()))) {
            RingReplicas replicas = new RingReplicas(ring, d.checkEvery());
            TrainResult result = Training.run(r, out, replicas);
            LOG.info("rank {}: {}", rank, replicas.summary());
            ring.barrier();                                             // nobody closes while another still reads
            return rank == 0 ? Outcome.of(result, replicas.summary()) : null;
        }
    }

    /** The host part of an executor address ({@code host:port}). */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }
}
