package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.tubelet.models.ModelGraph;
import org.tubelet.train.loop.SessionStepperTest;

/** Inference through {@link GraphSessions#output} gives every intermediate array back and keeps its results intact. */
class SessionArraysTest {

    @Test
    void inferenceLeavesNothingForTheGarbageCollectorAndResultsSurviveTheNextRun() {
        ModelGraph g = SessionStepperTest.model();
        List<String> names = List.of(g.outputs().logits().name(), g.outputs().lastHiddenState().name());
        INDArray x1 = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
        INDArray x2 = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
        Map<String, INDArray> first = GraphSessions.output(g.sd(), g.feeds(x1, null, null, false), names);
        Map<String, INDArray> firstCopy = Map.of(names.get(0), first.get(names.get(0)).dup(), names.get(1),
                first.get(names.get(1)).dup());
        var session = SessionArrays.ofThisThread(g.sd());
        assertNotNull(session);
        assertEquals(List.of(), SessionArrays.leftovers(session, g.sd()), "all arrays back in the cache");
        assertEquals(0, SessionArrays.freedIds(session).size(), "SameDiff's set of freed ids does not grow per run");
        Map<String, INDArray> second = GraphSessions.output(g.sd(), g.feeds(x2, null, null, false), names);
        for (String n : names) {
            assertEquals(firstCopy.get(n), first.get(n), n + " of the first run changed when the cache was reused");
        }
        Map<String, INDArray> again = GraphSessions.output(g.sd(), g.feeds(x1, null, null, false), names);
        for (String n : names) {
            assertEquals(firstCopy.get(n), again.get(n), n + ": the same input gives the same output");
        }
        assertEquals(2, second.get(names.get(0)).rows());
    }

    @Test
    void freeingTheInferenceMemoryEmptiesTheCacheAndInferenceGoesOn() {
        ModelGraph g = SessionStepperTest.model();
        List<String> names = List.of(g.outputs().logits().name());
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 3, 16, 16);
        INDArray before = GraphSessions.output(g.sd(), g.feeds(x, null, null, false), names).get(names.get(0));
        var cache = (org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr)
                SessionArrays.ofThisThread(g.sd()).getMmgr();
        assertTrue(cache.getCurrentCacheSize() > 0, "inference keeps its arrays for the next call");
        GraphSessions.freeInferenceMemory(g.sd());
        var fresh = (org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr)
                SessionArrays.ofThisThread(g.sd()).getMmgr();
        assertEquals(0, fresh.getCurrentCacheSize(), "an empty cache after freeing");
        assertEquals(before, GraphSessions.output(g.sd(), g.feeds(x, null, null, false), names).get(names.get(0)));
    }
}
