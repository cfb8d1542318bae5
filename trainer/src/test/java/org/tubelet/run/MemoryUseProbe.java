package org.tubelet.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * For {@link MemoryUseTest}: a fresh JVM, where no other test's arrays are being freed, prints its {@link MemoryUse}
 * before and after it allocates a 256 MB ND4J array (every page written), as two JSON lines.
 */
public final class MemoryUseProbe {
    static final long ARRAY_MB = 256;

    private MemoryUseProbe() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Nd4j.ones(DataType.FLOAT, 4).sumNumber();                      // ND4J loaded before the first reading
        MemoryUse before = MemoryUse.now();
        INDArray big = Nd4j.ones(DataType.FLOAT, ARRAY_MB << 18);     // ARRAY_MB MB of floats
        MemoryUse after = MemoryUse.now();
        System.out.println("before=" + json.writeValueAsString(before));
        System.out.println("after=" + json.writeValueAsString(after));
        System.out.println("last=" + big.getFloat(big.length() - 1));  // keeps the array alive until here
    }
}
