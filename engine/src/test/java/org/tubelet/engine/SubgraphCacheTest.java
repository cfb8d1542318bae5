package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The sessions' subgraph kept between runs. */
class SubgraphCacheTest {
    private static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    @Test
    void walksAgainOnlyForAnotherRequestOrAChangedGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 2);
        sd.math.tanh("y", x);
        SubgraphCache cache = new SubgraphCache();
        List<Set<String>> walks = new ArrayList<>();
        Set<String> subgraph = set();
        Set<String> ops = set();
        Set<String> zero = set();
        Consumer<Set<String>> walk = requested -> {           // stands in for SameDiff's walk
            walks.add(requested);
            subgraph.addAll(List.of("y", "x"));
            ops.add("tanh");
        };
        cache.fill(sd, set("y"), subgraph, ops, zero, walk);
        assertEquals(1, walks.size(), "nothing saved yet: walked");

        subgraph.clear();
        ops.clear();
        cache.fill(sd, set("y"), subgraph, ops, zero, walk);
        assertEquals(1, walks.size(), "the same request: not walked again");
        assertEquals(List.of("y", "x"), List.copyOf(subgraph), "the walk's order");
        assertEquals(List.of("tanh"), List.copyOf(ops));

        cache.fill(sd, set("x"), set(), set(), set(), walk);
        assertEquals(2, walks.size(), "another request");

        sd.math.exp("z", x);                                   // the graph changes
        cache.fill(sd, set("x"), set(), set(), set(), walk);
        assertEquals(3, walks.size(), "a changed graph");
    }

    @Test
    void runsAlternatingBetweenRequestsComputeEachTheirOwnSubgraph() {
        Engine.install();
        SameDiff sd = SameDiff.create();
        INDArray w = Nd4j.createFromArray(0.5f, -1f, 2f);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 3);
        SDVariable a = sd.math.tanh("a", x.mul(2.0).add(sd.constant("w", w)));
        SDVariable b = sd.math.exp("b", x.neg());
        INDArray in = Nd4j.createFromArray(0.1f, -0.4f, 0.9f);
        INDArray wantA = Transforms.tanh(in.mul(2).add(w));
        INDArray wantB = Transforms.exp(in.neg());
        Map<String, INDArray> feeds = Map.of("x", in);
        for (int round = 0; round < 2; round++) {
            assertTrue(wantA.equalsWithEps(sd.output(feeds, "a").get("a"), 1e-6), "a, round " + round);
            assertTrue(wantB.equalsWithEps(sd.output(feeds, "b").get("b"), 1e-6), "b, round " + round);
            Map<String, INDArray> both = sd.output(feeds, "a", "b");
            assertTrue(wantA.equalsWithEps(both.get("a"), 1e-6) && wantB.equalsWithEps(both.get("b"), 1e-6));
        }
        assertEquals(KernelInferenceSession.class, SessionArrays.ofThisThread(sd).getClass());

        a.add("c", b);                                         // a new op after runs: walked again
        assertTrue(wantA.add(wantB).equalsWithEps(sd.output(feeds, "c").get("c"), 1e-6));
    }
}
