package org.tubelet.run;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.video.DecodeFailure;
import org.tubelet.datasets.video.UnreadableVideo;
import org.tubelet.io.AtomicFiles;

/**
 * The run folder's {@value #FILE}: every video a training run found unreadable and skipped (training and validation),
 * one row each ({@code path,reason,detail}). A resumed run adds to the rows of the runs before it, so the file lists
 * every video skipped since the run began; no file when none was.
 */
public final class SkippedVideos {
    public static final String FILE = "skipped_videos.csv";
    private static final Logger LOG = LogManager.getLogger(SkippedVideos.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();
    private static final String[] COLUMNS = {"path", "reason", "detail"};

    private SkippedVideos() {
    }

    /**
     * Writes {@code found} and the rows already in the run folder's file into it (sorted by path, one row per video).
     *
     * @return every video listed, empty (and no file written) when none was ever skipped
     */
    public static List<UnreadableVideo> record(Path runDir, List<UnreadableVideo> found) throws IOException {
        Path file = runDir.resolve(FILE);
        TreeMap<String, UnreadableVideo> all = new TreeMap<>();
        for (UnreadableVideo u : read(file)) {
            all.put(u.path().toString(), u);
        }
        found.forEach(u -> all.put(u.path().toString(), u));
        if (all.isEmpty()) {
            return List.of();
        }
        StringWriter text = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(text, FORMAT)) {
            p.printRecord((Object[]) COLUMNS);
            for (UnreadableVideo u : all.values()) {
                p.printRecord(u.path(), u.reason().name().toLowerCase(Locale.ROOT), u.detail());
            }
        }
        AtomicFiles.writeString(file, text.toString());
        return List.copyOf(all.values());
    }

    /** The rows of a {@value #FILE}; none when there is no file, or (with a warning) when it is not ours. */
    public static List<UnreadableVideo> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(file)) {
            List<CSVRecord> rows = FORMAT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)
                    .getRecords();
            return rows.stream().map(r -> new UnreadableVideo(Path.of(r.get("path")),
                    DecodeFailure.valueOf(r.get("reason").toUpperCase(Locale.ROOT)), r.get("detail")))
                    .toList();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            LOG.warn("{}: not a list of skipped videos ({}); rewriting it with this run's", file, e.getMessage());
            return List.of();
        }
    }
}
