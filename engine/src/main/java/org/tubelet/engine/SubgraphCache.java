package org.tubelet.engine;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The subgraph a session run needs for its requested variables, kept between runs. SameDiff's sessions work it out
 * again on every run ({@code AbstractSession.initSubgraph}, "TODO ... cache the results"), walking the graph back from
 * the requested variables and, in 1.0.0-M2.1, compiling a regular expression five times per variable on the way
 * ({@code VariableUtils.stripVarSuffix} through {@code String.matches}): a quarter of a training run's Java garbage.
 * A training or inference loop asks for the same variables of the same graph every step, so the walk's result —
 * the subgraph's variables, its ops, and the ops without inputs — is copied back instead while both are unchanged.
 *
 * <p>A graph counts as unchanged while its numbers of ops and variables are: what Tubelet's graphs do after they
 * are built (nothing), and what adding anything to a graph changes.
 */
final class SubgraphCache {
    private Set<String> requested;
    private int ops = -1;
    private int variables = -1;
    private List<String> subgraph = List.of();
    private List<String> subgraphOps = List.of();
    private List<String> zeroInputOps = List.of();

    /**
     * Fills a session's (empty) sets for a run of {@code requested}: from the last walk when it was for the same
     * variables of the same graph, else by {@code walk} (SameDiff's {@code initSubgraph}), whose result is kept.
     */
    void fill(SameDiff sd, Set<String> requested, Set<String> subgraph, Set<String> subgraphOps,
              Set<String> zeroInputOps, Consumer<Set<String>> walk) {
        if (!restore(sd, requested, subgraph, subgraphOps, zeroInputOps)) {
            walk.accept(requested);
            save(sd, requested, subgraph, subgraphOps, zeroInputOps);
        }
    }

    /**
     * Fills the session's (empty) sets from the last walk when it was for the same variables of the same graph.
     *
     * @return whether it did
     */
    private boolean restore(SameDiff sd, Set<String> requested, Set<String> subgraph, Set<String> subgraphOps,
                    Set<String> zeroInputOps) {
        if (this.requested == null || ops != sd.getOps().size() || variables != sd.getVariables().size()
                || !this.requested.equals(requested)) {
            return false;
        }
        subgraph.addAll(this.subgraph);
        subgraphOps.addAll(this.subgraphOps);
        zeroInputOps.addAll(this.zeroInputOps);
        return true;
    }

    /** Keeps the result of a walk for {@code requested} (the sets as the walk left them, in their order). */
    private void save(SameDiff sd, Set<String> requested, Set<String> subgraph, Set<String> subgraphOps,
              Set<String> zeroInputOps) {
        this.requested = Set.copyOf(requested);
        this.ops = sd.getOps().size();
        this.variables = sd.getVariables().size();
        this.subgraph = List.copyOf(subgraph);
        this.subgraphOps = List.copyOf(subgraphOps);
        this.zeroInputOps = List.copyOf(zeroInputOps);
    }
}
