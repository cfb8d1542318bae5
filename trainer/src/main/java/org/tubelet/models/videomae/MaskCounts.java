package org.tubelet.models.videomae;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Masked tokens per clip of a {@code bool_masked_pos} array, which HF requires to be equal for every clip. */
public final class MaskCounts {
    private MaskCounts() {
    }

    /**
     * @param mask [B, N], nonzero = masked; null means no mask (0)
     * @param source named in errors (e.g. the file)
     */
    public static int perClip(INDArray mask, String source) {
        if (mask == null) {
            return 0;
        }
        if (mask.rank() != 2) {
            throw new IllegalArgumentException(source + ": bool_masked_pos must have shape (B, N), got "
                    + Arrays.toString(mask.shape()));
        }
        INDArray counts = mask.castTo(DataType.LONG).sum(1);
        long first = counts.getLong(0);
        for (int b = 1; b < counts.length(); b++) {
            if (counts.getLong(b) != first) {
                throw new IllegalArgumentException(source + ": clip " + b + " masks " + counts.getLong(b)
                        + " tokens but clip 0 masks " + first + "; every clip must mask the same number");
            }
        }
        return (int) first;
    }
}
