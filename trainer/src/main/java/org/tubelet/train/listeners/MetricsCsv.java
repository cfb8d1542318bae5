package org.tubelet.train.listeners;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.tubelet.train.loop.MetricsRow;

/**
 * {@code metrics.csv}: one row per training step and one per evaluation. Losses and learning rates are written with
 * full precision (a resumed run's rows compare equal as text); timings rounded.
 */
public final class MetricsCsv implements AutoCloseable {
    public static final String[] COLUMNS = {"step", "epoch", "lr", "loss", "grad_norm", "clips_per_s",
            "data_wait_ms", "step_ms", "val_loss", "val_top1", "val_top5", "val_mean_class_acc"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private final CSVPrinter printer;

    private MetricsCsv(Writer w) {
        try {
            this.printer = new CSVPrinter(w, FORMAT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens the file for appending after rewriting it with {@code history} (on resume: exactly the rows of the
     * checkpoint, dropping anything a killed run wrote after it).
     */
    public static MetricsCsv open(Path file, List<MetricsRow> history) throws IOException {
        org.tubelet.io.AtomicFiles.writeString(file, toCsv(history));
        return new MetricsCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public void append(MetricsRow r) throws IOException {
        printer.printRecord((Object[]) cells(r));
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }

    /** The rows as CSV text with a header. */
    public static String toCsv(List<MetricsRow> rows) {
        StringWriter sw = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(sw, FORMAT)) {
            p.printRecord((Object[]) COLUMNS);
            for (MetricsRow r : rows) {
                p.printRecord((Object[]) cells(r));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    private static String[] cells(MetricsRow r) {
        return new String[]{Long.toString(r.step()), fixed(r.epoch(), 4), exact(r.lr()), exact(r.loss()),
                fixed(r.gradNorm(), 6), fixed(r.clipsPerS(), 2), fixed(r.dataWaitMs(), 1), fixed(r.stepMs(), 1),
                exact(r.valLoss()), fixed(r.valTop1(), 6), fixed(r.valTop5(), 6), fixed(r.valMeanClassAcc(), 6)};
    }

    private static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    public static List<MetricsRow> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        }
    }

    public static List<MetricsRow> read(Reader reader) throws IOException {
        List<MetricsRow> rows = new ArrayList<>();
        for (CSVRecord rec : FORMAT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
            rows.add(new MetricsRow(Long.parseLong(rec.get("step")), num(rec, "epoch"), num(rec, "lr"),
                    num(rec, "loss"), num(rec, "grad_norm"), num(rec, "clips_per_s"), num(rec, "data_wait_ms"),
                    num(rec, "step_ms"), num(rec, "val_loss"), num(rec, "val_top1"), num(rec, "val_top5"),
                    num(rec, "val_mean_class_acc")));
        }
        return rows;
    }

    private static double num(CSVRecord rec, String col) {
        if (!rec.isMapped(col) || !rec.isSet(col)) {
            return Double.NaN;
        }
        String s = rec.get(col);
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
