package org.tubelet.engine;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseNDArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * SameDiff's array cache with unique array ids. In 1.0.0-M2.1 an array the cache hands out again gets the id the
 * next new array will get too ({@code BaseNDArray.assignNewId} is {@code incrementAndGet} on the counter whose
 * {@code getAndIncrement} numbers new arrays), and the cache keys what it holds by id: released while the other
 * is in the cache, the second array of an id fails ("Array was released multiple times"), and a run's bookkeeping
 * by id mixes the two up. This cache skips the shared number after every allocation. Tubelet's sessions use it.
 */
public final class ArrayCache extends ArrayCacheMemoryMgr {
    private static final AtomicLong ARRAY_IDS = arrayCounter();

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        INDArray a = super.allocate(detached, dataType, shape);
        ARRAY_IDS.incrementAndGet();
        return a;
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        INDArray a = super.allocate(detached, descriptor);
        ARRAY_IDS.incrementAndGet();
        return a;
    }

    /**
     * Releases {@code a} into {@code memory}, first giving it an id of its own if an array the cache holds already
     * has its id (a cache that is not an {@link ArrayCache} hands out such ids).
     */
    public static void release(SessionMemMgr memory, INDArray a) {
        if (memory instanceof ArrayCacheMemoryMgr cache && cache.getLruCache().contains(a.getId())
                && a instanceof BaseNDArray b) {
            b.assignNewId();
            ARRAY_IDS.incrementAndGet();
        }
        memory.release(a);
    }

    private static AtomicLong arrayCounter() {
        try {
            Field f = BaseNDArray.class.getDeclaredField("arrayCounter");
            f.setAccessible(true);
            return (AtomicLong) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ND4J version has no BaseNDArray.arrayCounter: ArrayCache is "
                    + "written for 1.0.0-M2.1", e);
        }
    }
}
