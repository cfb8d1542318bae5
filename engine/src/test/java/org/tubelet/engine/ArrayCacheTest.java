package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ArrayCacheTest {
    /** An array from the cache, then a new array: the ids they get. */
    private static long[] idsAfterReuse(ArrayCacheMemoryMgr cache) {
        INDArray a = cache.allocate(false, DataType.FLOAT, 3, 4);
        cache.release(a);
        INDArray again = cache.allocate(false, DataType.FLOAT, 3, 4);
        assertSame(a, again, "the cache hands the released array out again");
        INDArray fresh = Nd4j.create(DataType.FLOAT, 2);
        return new long[] {again.getId(), fresh.getId()};
    }

    @Test
    void aReusedArrayKeepsAnIdOfItsOwn() {
        long[] stock = idsAfterReuse(new ArrayCacheMemoryMgr());
        assertEquals(stock[0], stock[1], "ND4J 1.0.0-M2.1 gives the next new array the reused array's id");
        long[] ours = idsAfterReuse(new ArrayCache());
        assertNotEquals(ours[0], ours[1]);
    }

    @Test
    void anArrayWhoseIdTheCacheHoldsIsReleasedUnderANewOne() {
        ArrayCacheMemoryMgr cache = new ArrayCacheMemoryMgr();
        INDArray a = cache.allocate(false, DataType.FLOAT, 3, 4);
        cache.release(a);
        INDArray reused = cache.allocate(false, DataType.FLOAT, 3, 4);
        INDArray twin = Nd4j.create(DataType.FLOAT, 5);                 // the same id as `reused`
        cache.release(reused);
        ArrayCache.release(cache, twin);                                // cache.release(twin) would fail
        assertEquals(2, cache.getLruCacheValues().size());
        assertNotEquals(reused.getId(), twin.getId());
    }
}
