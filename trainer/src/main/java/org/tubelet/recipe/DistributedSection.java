package org.tubelet.recipe;

import static org.tubelet.models.ConfigException.require;

import java.util.List;

/**
 * {@code distributed:} data-parallel training on Apache Spark (the {@code tubelet-spark} jar). Each of
 * {@code workers} replicas computes {@code optim.accumulate_steps} micro-batches of {@code data.batch_size} per step,
 * the gradients are summed over the replicas before every update, so a step sees {@code workers × accumulate_steps ×
 * batch_size} clips, exactly as one process with {@code accumulate_steps × workers}. The defaults (one worker) change
 * nothing.
 *
 * @param workers replicas (Spark barrier tasks, one per executor); 1 = a single process
 * @param threadsPerWorker native (ND4J/OpenMP) threads of each replica; 0 = the machine's default
 * @param portRange first and last port a replica may listen on for the gradient ring; [0, 0] = any free port
 * @param checkEvery compare the replicas' weight checksums every N steps and stop if they differ (0 = never)
 * @param timeoutS longest wait for another replica, in seconds: connecting, each exchange, and rank 0's
 *     evaluations and checkpoints
 */
public record DistributedSection(int workers, int threadsPerWorker, List<Integer> portRange, int checkEvery,
                                 int timeoutS) {

    public DistributedSection {
        require(workers >= 1, "workers", workers, "must be at least 1");
        require(threadsPerWorker >= 0, "threads_per_worker", threadsPerWorker, "must not be negative (0 = default)");
        require(portRange != null && portRange.size() == 2, "port_range", portRange,
                "must be [first, last], e.g. [40000, 40099], or [0, 0] for any free port");
        portRange = List.copyOf(portRange);
        int first = portRange.get(0);
        int last = portRange.get(1);
        require(first >= 0 && last <= 65535 && first <= last && (first > 0 || last == 0), "port_range", portRange,
                "must be [first, last] with 0 < first <= last <= 65535, or [0, 0] for any free port");
        require(checkEvery >= 0, "check_every", checkEvery, "must not be negative (0 = never)");
        require(timeoutS >= 1, "timeout_s", timeoutS, "must be at least 1");
    }

    /** Whether the run is data-parallel. */
    public boolean enabled() {
        return workers > 1;
    }

    static DistributedSection read(Section s) {
        int workers = s.integer("workers", 1);
        int threads = s.integer("threads_per_worker", 0);
        List<Integer> ports = s.numbers("port_range").map(l -> l.stream().map(d -> {
            if (d != Math.rint(d)) {
                throw s.error("port_range", "must hold whole port numbers, got " + d);
            }
            return (int) Math.round(d);
        }).toList()).orElse(List.of(0, 0));
        int checkEvery = s.integer("check_every", 100);
        int timeout = s.integer("timeout_s", 600);
        s.finish();
        return s.build(() -> new DistributedSection(workers, threads, ports, checkEvery, timeout));
    }
}
