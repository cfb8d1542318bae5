package org.tubelet.train.eval;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.tubelet.io.AtomicFiles;

/**
 * Video-level accuracy after averaging the softmax of each video's views.
 *
 * @param top1 fraction of videos whose highest-scoring class is right
 * @param top5 fraction whose class is among the five highest (all of them when there are fewer classes)
 * @param meanClassAccuracy top-1 averaged over classes (classes without videos are left out)
 * @param loss mean cross-entropy of the single views (pretraining: the mean reconstruction loss, see
 *     {@link #reconstruction})
 * @param confusion [true class][predicted class] video counts
 * @param videos videos evaluated
 * @param viewsPerVideo clips × crops
 * @param classNames index = class
 */
public record EvalResult(double top1, double top5, double meanClassAccuracy, double loss, long[][] confusion,
                         int videos, int viewsPerVideo, List<String> classNames) {

    /**
     * A pretraining validation: the reconstruction loss only (no classes; top-1, top-5 and mean class accuracy are
     * NaN).
     *
     * @param loss mean reconstruction loss over the clips
     * @param videos videos evaluated
     * @param viewsPerVideo clips × crops
     */
    public static EvalResult reconstruction(double loss, int videos, int viewsPerVideo) {
        return new EvalResult(Double.NaN, Double.NaN, Double.NaN, loss, new long[0][0], videos, viewsPerVideo,
                List.of());
    }

    /** Whether this is a classification result (with accuracies), not a reconstruction loss alone. */
    public boolean hasAccuracy() {
        return !Double.isNaN(top1);
    }

    /** The confusion matrix as CSV: header {@code true\predicted, <class names>}, one row per true class. */
    public String confusionCsv() {
        StringWriter sw = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(sw, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build())) {
            List<String> header = new ArrayList<>();
            header.add("true\\predicted");
            header.addAll(classNames);
            p.printRecord(header);
            for (int i = 0; i < confusion.length; i++) {
                List<Object> row = new ArrayList<>();
                row.add(classNames.get(i));
                for (long c : confusion[i]) {
                    row.add(c);
                }
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    public void writeConfusionCsv(Path file) throws IOException {
        AtomicFiles.writeString(file, confusionCsv());
    }

    /** A short human summary, e.g. {@code top-1 97.5%  top-5 100.0%  mean-class 97.4%  loss 0.0912 (400 videos × 1 view)}. */
    public String summary() {
        if (!hasAccuracy()) {
            return String.format(java.util.Locale.ROOT, "reconstruction loss %.4f  (%d videos × %d view%s)", loss,
                    videos, viewsPerVideo, viewsPerVideo == 1 ? "" : "s");
        }
        return String.format(java.util.Locale.ROOT,
                "top-1 %.2f%%  top-5 %.2f%%  mean-class %.2f%%  loss %.4f  (%d videos × %d view%s)", 100 * top1,
                100 * top5, 100 * meanClassAccuracy, loss, videos, viewsPerVideo, viewsPerVideo == 1 ? "" : "s");
    }
}
