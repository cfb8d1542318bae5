package org.tubelet.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.models.Activation;
import org.tubelet.models.Architecture;
import org.tubelet.models.EncoderFields;
import org.tubelet.models.HfMeta;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.ModelGraph;
import org.tubelet.models.TensorMapping;
import org.tubelet.models.timesformer.AttentionType;
import org.tubelet.models.timesformer.TimesformerConfig;
import org.tubelet.models.videomae.VideoMaeConfig;
import org.tubelet.models.videomae.VideoMaeWeights;
import org.tubelet.models.vivit.AttentionOrder;
import org.tubelet.models.vivit.KernelInit;
import org.tubelet.models.vivit.VivitConfig;
import org.tubelet.models.vivit.VivitEmbedding;
import org.tubelet.models.vivit.VivitVariant;
import org.tubelet.models.zoo.Models;
import org.tubelet.testing.TorchResize;

/**
 * {@code init_from} into a model of another clip length or resolution: every tensor is the source's, exactly, except
 * the position tables, which equal an independent computation of the family's resize (ViViT: linear in time,
 * bicubic in space; TimeSformer: nearest); VideoMAE's sin-cos table is computed for the new grid.
 */
class PositionResizeTest {
    static final EncoderFields ENCODER = new EncoderFields(16, 2, 2, 32, Activation.GELU, 0, 0, 0.02, 1e-6, true);
    static final HfMeta META = HfMeta.defaults(List.of()).withLabels(HfMeta.defaultLabels(3));

    @TempDir
    Path tmp;

    static VivitConfig vivit(VivitVariant v, int size, int frames) {
        return new VivitConfig(size, frames, List.of(2, 8, 8), 3, ENCODER, META, v, VivitEmbedding.TUBELET, 1,
                AttentionOrder.SPACE_FIRST, KernelInit.FILTER_INFLATION);
    }

    /** Saves a seed-1 model of {@code from}, loads it into a seed-2 model of {@code to}. */
    ModelGraph[] transfer(ModelConfig from, ModelConfig to, Architecture arch, WeightTransfer.Report[] report)
            throws Exception {
        ModelGraph source = Models.create(from, arch, 1);
        Path dir = tmp.resolve("source");
        HfCheckpoint.save(source, dir);
        ModelGraph target = Models.create(to, arch, 2);
        report[0] = WeightTransfer.fromFolder(target, dir);
        return new ModelGraph[]{source, target};
    }

    /** Every tensor but the named tables is the source's, bit for bit. */
    static void assertOthersCopied(ModelGraph source, ModelGraph target, List<String> tables) {
        for (TensorMapping t : target.layout().tensors()) {
            if (!tables.contains(t.name())) {
                assertEquals(source.paramValue(t.name()), target.paramValue(t.name()), t.name());
            }
        }
    }

    static void assertTable(INDArray expected, ModelGraph target, String name) {
        INDArray actual = target.paramValue(name);
        assertArrayEquals(expected.shape(), actual.shape(), name);
        assertTrue(expected.equalsWithEps(actual, 1e-5), name + ": resized table differs from the definition");
    }

    @ParameterizedTest(name = "{0}: 32 px x 8 frames -> {1} px x {2} frames")
    @CsvSource({"JOINT, 48, 12", "JOINT, 16, 4", "JOINT, 32, 6", "FACTORISED_SELF_ATTENTION, 48, 4",
            "FACTORISED_DOT_PRODUCT, 24, 10"})
    void vivitTablesAreResizedLinearlyInTimeAndBicubicallyInSpace(VivitVariant v, int size, int frames)
            throws Exception {
        WeightTransfer.Report[] report = new WeightTransfer.Report[1];
        ModelGraph[] g = transfer(vivit(v, 32, 8), vivit(v, size, frames),
                v.architecture(Architecture.Head.CLASSIFIER), report);
        String pos = "vivit.embeddings.position_embeddings";
        int prefix = v.hasClsToken() ? 1 : 0;
        int grid = size / 8;
        INDArray expected = TorchResize.resize(g[0].paramValue(pos), prefix, new int[]{4, 4, 4},
                new int[]{frames / 2, grid, grid}, TorchResize.linear(4, frames / 2), TorchResize.bicubic(4, grid),
                TorchResize.bicubic(4, grid));
        assertTable(expected, g[1], pos);
        assertOthersCopied(g[0], g[1], List.of(pos));
        assertEquals(List.of(), report[0].fresh());
        assertEquals(1, report[0].resized().size(), report[0].summary());
        assertTrue(report[0].summary().contains("(1 resized position table)"), report[0].summary());
    }

    @Test
    void model2ResizesItsSpatialTableInSpaceAndItsTemporalTableInTime() throws Exception {
        WeightTransfer.Report[] report = new WeightTransfer.Report[1];
        ModelGraph[] g = transfer(vivit(VivitVariant.FACTORISED_ENCODER, 32, 8),
                vivit(VivitVariant.FACTORISED_ENCODER, 40, 14),
                Architecture.VIVIT_FACTORISED_ENCODER_FOR_VIDEO_CLASSIFICATION, report);
        String spatial = "vivit.embeddings.position_embeddings";
        String temporal = "vivit.temporal_embeddings.position_embeddings";
        double[][] one = {{1}};
        assertTable(TorchResize.resize(g[0].paramValue(spatial), 1, new int[]{1, 4, 4}, new int[]{1, 5, 5}, one,
                TorchResize.bicubic(4, 5), TorchResize.bicubic(4, 5)), g[1], spatial);
        assertTable(TorchResize.resize(g[0].paramValue(temporal), 1, new int[]{4, 1, 1}, new int[]{7, 1, 1},
                TorchResize.linear(4, 7), one, one), g[1], temporal);
        assertOthersCopied(g[0], g[1], List.of(spatial, temporal));
        assertEquals(2, report[0].resized().size());
    }

    @Test
    void timesformerTablesAreResizedByNearestNeighbour() throws Exception {
        WeightTransfer.Report[] report = new WeightTransfer.Report[1];
        ModelGraph[] g = transfer(new TimesformerConfig(32, 8, 3, 8, ENCODER, AttentionType.DIVIDED_SPACE_TIME, META),
                new TimesformerConfig(56, 8, 3, 3, ENCODER, AttentionType.DIVIDED_SPACE_TIME, META),
                Architecture.TIMESFORMER_FOR_VIDEO_CLASSIFICATION, report);
        String pos = "timesformer.embeddings.position_embeddings";
        String time = "timesformer.embeddings.time_embeddings";
        double[][] one = {{1}};
        assertTable(TorchResize.resize(g[0].paramValue(pos), 1, new int[]{1, 4, 4}, new int[]{1, 7, 7}, one,
                TorchResize.nearest(4, 7), TorchResize.nearest(4, 7)), g[1], pos);
        assertTable(TorchResize.resize(g[0].paramValue(time), 0, new int[]{8, 1, 1}, new int[]{3, 1, 1},
                TorchResize.nearest(8, 3), one, one), g[1], time);
        assertOthersCopied(g[0], g[1], List.of(pos, time));
    }

    @Test
    void videoMaeLoadsEveryTensorAndComputesItsSinCosTableForTheNewGrid() throws Exception {
        WeightTransfer.Report[] report = new WeightTransfer.Report[1];
        ModelGraph[] g = transfer(new VideoMaeConfig(32, 8, 3, 8, 2, ENCODER, true, 2, 8, 1, 16, true, META),
                new VideoMaeConfig(24, 8, 3, 4, 2, ENCODER, true, 2, 8, 1, 16, true, META),
                Architecture.VIDEOMAE_FOR_VIDEO_CLASSIFICATION, report);
        assertOthersCopied(g[0], g[1], List.of());
        assertEquals(List.of(), report[0].resized());
        INDArray table = g[1].sd().getVariable(VideoMaeWeights.ENCODER_POSITIONS).getArr();   // [N', D]
        assertArrayEquals(new long[]{2 * 3 * 3, 16}, table.shape());
        for (int pos = 0; pos < 18; pos++) {
            for (int j = 0; j < 16; j++) {
                double angle = pos / Math.pow(10000, 2.0 * Math.floorDiv(j, 2) / 16);
                assertEquals(j % 2 == 0 ? Math.sin(angle) : Math.cos(angle), table.getDouble(pos, j), 1e-6);
            }
        }
    }

    @Test
    void aConfigWithoutArchitecturesStillGivesTheSourcesGrid() throws Exception {
        ModelGraph source = Models.create(vivit(VivitVariant.JOINT, 32, 8), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                1);
        Path dir = tmp.resolve("no-architectures");
        HfCheckpoint.save(source, dir);
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile());
        json.remove("architectures");
        java.nio.file.Files.writeString(dir.resolve("config.json"), json.toString());
        ModelGraph target = Models.create(vivit(VivitVariant.JOINT, 16, 8), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                2);
        WeightTransfer.Report r = WeightTransfer.fromFolder(target, dir);
        assertEquals(List.of("vivit.embeddings.position_embeddings 1+4x4x4 -> 1+4x2x2"), r.resized());
    }

    @Test
    void withoutTheSourcesConfigNothingIsResized() throws Exception {
        ModelGraph source = Models.create(vivit(VivitVariant.JOINT, 32, 8), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                1);
        ModelGraph target = Models.create(vivit(VivitVariant.JOINT, 16, 8), Architecture.VIVIT_FOR_VIDEO_CLASSIFICATION,
                2);
        Map<String, org.tubelet.io.HostTensor> tensors = HfCheckpoint.stateDict(source);
        WeightTransfer.Report r = WeightTransfer.apply(target, tensors, "state dict");
        assertEquals(List.of("vivit.embeddings.position_embeddings"), r.fresh());
    }
}
