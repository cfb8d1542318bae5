package org.tubelet.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tubelet.models.ModelConfig;
import org.tubelet.recipe.DataSection;
import org.tubelet.recipe.Recipe;
import org.tubelet.train.data.BatchSource;
import org.tubelet.train.data.EvalData;
import org.tubelet.train.data.SyntheticData;
import org.tubelet.train.data.SyntheticMotion;

/** Opens a recipe's {@code data:} as the trainer's batch sources. */
final class Datasets {
    /** What the help of every format with files says about {@code data.labels}. */
    private static final String LABELS_HELP = "data.labels (optional, any format): a file of class names, line i = "
            + "class i, fixing the class order; the validation file is read with the training classes.";

    private Datasets() {
    }

    /** Training batches, validation views and the class names. Either source may be null when not asked for. */
    record Opened(List<String> classNames, BatchSource train, EvalData val) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (train != null) {
                train.close();
            }
            if (val != null) {
                val.close();
            }
        }
    }

    static Opened open(Recipe r, ModelConfig model, boolean wantTrain, boolean wantVal, DataSection.Views views)
            throws Exception {
        DataSection d = r.data();
        int frames = d.sampler().frames() > 0 ? d.sampler().frames() : model.numFrames();
        if (frames != model.numFrames()) {
            throw new IllegalArgumentException(r.source() + ": data.sampler.frames = " + frames
                    + " but the model takes num_frames = " + model.numFrames());
        }
        if (d.format() == DataSection.Format.SYNTHETIC) {
            DataSection.Synthetic s = d.synthetic();
            int size = s.size() > 0 ? s.size() : model.imageSize();
            SyntheticData data = new SyntheticData(new SyntheticMotion(s.classes(), s.frames(), size, s.seed()),
                    s.trainVideos(), s.valVideos(), frames, d.sampler().stride(), model.imageSize(),
                    d.processor().imageMean(), d.processor().imageStd());
            return new Opened(data.classNames(), wantTrain ? data.train(d.batchSize(), r.train().seed()) : null,
                    wantVal ? data.val(d.evalBatchSize(), views.clips(), views.crops()) : null);
        }
        VideoData.generateIfMissing(d);
        Path root = Path.of(d.root());
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("data.root = " + root + ": folder not found. " + layoutHelp(d));
        }
        for (String f : new String[]{wantTrain ? d.train() : null, wantVal ? d.val() : null}) {
            if (f != null && !Files.exists(root.resolve(f))) {
                throw new IllegalArgumentException("data: " + root.resolve(f) + " not found. " + layoutHelp(d));
            }
        }
        return VideoData.open(r, model, wantTrain, wantVal, views);
    }

    /** How the files of a layout must look, for error messages. */
    static String layoutHelp(DataSection d) {
        return layoutFiles(d) + (d.format() == DataSection.Format.SYNTHETIC ? "" : " " + LABELS_HELP);
    }

    private static String layoutFiles(DataSection d) {
        return switch (d.format()) {
            case SYNTHETIC -> "";
            case LIST -> "Layout 'list': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " with one 'relative/path.mp4 label' per line (label = class index; class names in data.labels "
                    + "or labels.txt beside the list).";
            case CSV -> "Layout 'csv': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " with a header row naming the columns path and label (any case and order, more columns "
                    + "ignored) and one video per row; label = class name or class index; quote a path holding a "
                    + "comma (\"a,b.mp4\").";
            case KINETICS -> "Layout 'kinetics': " + d.root() + "/" + d.train() + " and " + d.val()
                    + " as in the Kinetics release (label,youtube_id,time_start,time_end,split), videos named "
                    + "{youtube_id}_{start:06d}_{end:06d}.mp4 under " + d.root() + "/<split>/<label>/ or "
                    + d.root() + "/<split>/.";
            case UCF101 -> "Layout 'ucf101': " + d.root() + "/" + d.train() + ", " + d.val()
                    + " and classInd.txt from the UCF101 split archive, videos under " + d.root() + "/<Class>/.";
            case SSV2 -> "Layout 'ssv2': " + d.root() + "/" + d.train() + ", " + d.val() + " and labels.json from "
                    + "Something-Something v2, videos as " + d.root() + "/<id>.webm.";
            case FOLDERS -> "Layout 'folders': " + d.root() + "/" + d.train() + "/<class name>/*.mp4 and "
                    + d.root() + "/" + d.val() + "/<class name>/*.mp4.";
        };
    }
}
