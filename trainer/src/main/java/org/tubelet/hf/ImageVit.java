package org.tubelet.hf;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.tubelet.io.HostTensor;
import org.tubelet.io.NdArrays;
import org.tubelet.models.PositionTable;
import org.tubelet.models.vivit.KernelInit;

/**
 * An HF image ViT's state dict ({@code ViTModel} / {@code ViTForImageClassification}, names without {@code vit.})
 * and its patch grid, with the conversions video models make of it. Missing or ill-shaped tensors are added to the
 * caller's problem list (and null returned), so that one error can name them all.
 *
 * @param tensors the ViT's tensors by name without the {@code vit.} prefix
 * @param gridH patch rows of the ViT's position table
 * @param gridW patch columns
 */
record ImageVit(Map<String, INDArray> tensors, int gridH, int gridW) {
    static final String POSITIONS = "embeddings.position_embeddings";
    static final String PATCH_FILTER = "embeddings.patch_embeddings.projection.weight";

    /**
     * @param grid patches per side of the ViT's images ({@code image_size / patch_size}), or 0 to take the square
     *             grid its position table covers
     */
    static ImageVit of(Map<String, HostTensor> vitTensors, int grid, List<String> problems) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        vitTensors.forEach((k, v) -> t.put(k.startsWith("vit.") ? k.substring(4) : k,
                NdArrays.toNd(v).castTo(DataType.FLOAT)));
        INDArray pos = t.get(POSITIONS);
        if (grid <= 0 && pos != null) {
            long n = pos.size(1) - 1;
            grid = (int) Math.round(Math.sqrt(n));
            if ((long) grid * grid != n) {
                problems.add("image ViT has " + n + " patch positions, which is no square grid");
            }
        } else if (pos != null && pos.size(1) != 1L + (long) grid * grid) {
            problems.add("image ViT has " + (pos.size(1) - 1) + " patch positions, its config a " + grid + "x"
                    + grid + " grid");
        }
        return new ImageVit(t, grid, grid);
    }

    /** A tensor of the ViT, or null (and a problem) if it has none. */
    INDArray get(String name, List<String> problems) {
        INDArray v = tensors.get(name);
        if (v == null) {
            problems.add("image ViT has no " + name);
        }
        return v;
    }

    /**
     * The 2-D patch filter [D, C, p, p] made 3-D, [D, C, frames, p, p] (ViViT paper §3.4): replicated over the frames
     * and divided by their number (filter inflation) or put on the centre frame (central-frame initialisation).
     */
    INDArray inflatedFilter(int frames, KernelInit init, List<String> problems) {
        INDArray f = get(PATCH_FILTER, problems);
        if (f == null) {
            return null;
        }
        long[] s = f.shape();
        if (s.length != 4) {
            problems.add("patch filter has shape " + Arrays.toString(s) + ", expected (D, C, p, p)");
            return null;
        }
        INDArray out = Nd4j.zeros(DataType.FLOAT, s[0], s[1], frames, s[2], s[3]);
        for (int t = 0; t < frames; t++) {
            INDArray slice = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                    NDArrayIndex.all());
            switch (init) {
                case FILTER_INFLATION -> slice.assign(f.div(frames));
                case CENTRAL_FRAME -> {
                    if (t == frames / 2) {
                        slice.assign(f);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The ViT's position table for a video table: the patch positions resized to the video grid's height and width
     * by the video table's spatial rule, repeated for each of its frames, after the CLS row if it has one.
     *
     * @return [1, target.rows(), D]
     */
    INDArray positionsFor(PositionTable target, List<String> problems) {
        INDArray pos = get(POSITIONS, problems);
        if (pos == null || (long) gridH * gridW + 1 != pos.size(1)) {
            return null;
        }
        PositionTable image = PositionTable.learned(POSITIONS, 1, 1, gridH, gridW, target.time(), target.space());
        PositionTable frame = PositionTable.learned(POSITIONS, 1, 1, target.height(), target.width(), target.time(),
                target.space());
        INDArray resized = image.resizeTo(frame, pos);                              // [1, 1 + h·w, D]
        INDArray cls = resized.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        INDArray patches = resized.get(NDArrayIndex.all(), NDArrayIndex.interval(1, frame.rows()), NDArrayIndex.all());
        INDArray[] parts = new INDArray[target.prefix() + target.frames()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = i < target.prefix() ? cls : patches;
        }
        return Nd4j.concat(1, parts);                                               // [1, prefix + T·h·w, D]
    }

    /** Whether the ViT's patch grid differs from a video table's (its positions are then resized). */
    boolean resizedFor(PositionTable target) {
        return gridH != target.height() || gridW != target.width();
    }

    /**
     * A packed q, k, v projection ({@code qkv}, [3D, D] or [3D]) from the ViT layer's separate {@code query},
     * {@code key} and {@code value}, in that row order.
     *
     * @param part {@code weight} or {@code bias}
     */
    INDArray packedQkv(int layer, String part, List<String> problems) {
        String a = "encoder.layer." + layer + ".attention.attention.";
        INDArray q = get(a + "query." + part, problems);
        INDArray k = get(a + "key." + part, problems);
        INDArray v = get(a + "value." + part, problems);
        return q == null || k == null || v == null ? null : Nd4j.concat(0, q, k, v);
    }
}
