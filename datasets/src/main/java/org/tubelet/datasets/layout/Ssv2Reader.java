package org.tubelet.datasets.layout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads Something-Something v2: {@code labels.json} (<code>{"Approaching something with your camera": "0", ...}</code>)
 * and {@code train.json} / {@code validation.json} (a list of {@code {"id", "label", "template", "placeholders"}}).
 * A given {@link LabelMap} (class names as in {@code labels.json}) replaces {@code labels.json}, which is then not
 * read.
 *
 * <p>An entry's class is its {@code template} with the brackets of the placeholders removed
 * ({@code "Putting [something] onto [something]"} becomes {@code "Putting something onto something"}), as in
 * the official code. Its video is {@code <videoRoot>/<id>.webm} (other extensions may be listed). Entries are
 * reported by their line in the JSON file.
 */
public final class Ssv2Reader {

    /** The class file's name. */
    public static final String LABELS_JSON = "labels.json";
    /** The extensions tried by default. */
    public static final List<String> DEFAULT_EXTENSIONS = List.of("webm", "mp4");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path videoRoot;
    private final Optional<Path> labelsJson;
    private final Optional<LabelMap> classes;
    private final List<String> extensions;
    private final LayoutOptions options;

    /**
     * @param videoRoot  the folder of {@code <id>.webm} files
     * @param labelsJson {@code labels.json}; empty: the one next to the annotation file
     * @param classes    the classes in index order; empty: those of {@code labels.json}
     * @param extensions file extensions to try, without dots, at least one
     * @param options    error handling and file checks
     */
    public Ssv2Reader(Path videoRoot, Optional<Path> labelsJson, Optional<LabelMap> classes, List<String> extensions,
                      LayoutOptions options) {
        this.videoRoot = Objects.requireNonNull(videoRoot, "videoRoot");
        this.labelsJson = Objects.requireNonNull(labelsJson, "labelsJson");
        this.classes = Objects.requireNonNull(classes, "classes");
        this.extensions = List.copyOf(extensions);
        if (this.extensions.isEmpty()) {
            throw new IllegalArgumentException("extensions must name at least one file extension");
        }
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Reads an annotation file.
     *
     * @throws IOException         if a file cannot be read or is not JSON of the expected shape
     * @throws AnnotationException with {@code OnError.FAIL} at the first bad entry
     */
    public DatasetIndex read(Path annotations) throws IOException {
        LabelMap labels = classes.isPresent() ? classes.get()
                : readLabels(labelsJson.orElse(ListFileReader.parentOf(annotations).resolve(LABELS_JSON)));
        String classSource = classes.isPresent() ? "the label map" : LABELS_JSON;
        IssueLog log = new IssueLog(options.onError());
        List<VideoSample> samples = new ArrayList<>();
        // from a UTF-8 reader: given bytes, Jackson guesses UTF-16/32 and fails with errors that name no file
        try (JsonParser p = JSON.createParser(AnnotationText.reader(annotations))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new AnnotationException(new AnnotationIssue(annotations, p.currentLocation().getLineNr(),
                        IssueKind.MALFORMED, "expected a JSON list of {\"id\", \"template\", ...} entries"));
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int line = p.currentTokenLocation().getLineNr();
                JsonNode entry = JSON.readTree(p);
                JsonNode id = entry.get("id");
                JsonNode template = entry.get("template");
                if (id == null || !id.isValueNode() || id.asText().isBlank() || template == null || !template.isTextual()) {
                    log.report(annotations, line, IssueKind.MALFORMED, "entry needs \"id\" and \"template\", got " + entry);
                    continue;
                }
                String name = template.asText().replace("[", "").replace("]", "");
                OptionalInt label = labels.indexOf(name);
                if (label.isEmpty()) {
                    log.report(annotations, line, IssueKind.UNKNOWN_LABEL, "template '" + template.asText() + "' ('"
                            + name + "') is not a class of " + classSource);
                    continue;
                }
                Optional<Path> video;
                try {
                    video = locate(id.asText());
                } catch (InvalidPathException e) {
                    log.report(annotations, line, IssueKind.MALFORMED, "id '" + id.asText().replace("\0", "\\0")
                            + "' cannot be a file name (" + e.getReason() + ")");
                    continue;
                }
                if (video.isEmpty()) {
                    log.report(annotations, line, IssueKind.MISSING_FILE, "no video " + id.asText() + ".{"
                            + String.join(",", extensions) + "} in " + videoRoot);
                    continue;
                }
                samples.add(VideoSample.of(video.get(), label.getAsInt()));
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new AnnotationException(new AnnotationIssue(annotations, p.currentLocation().getLineNr(),
                        IssueKind.MALFORMED, "expected an entry object, got " + p.currentToken()));
            }
        } catch (JsonProcessingException e) {
            throw new AnnotationException(new AnnotationIssue(annotations,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(), IssueKind.MALFORMED,
                    "not valid JSON: " + e.getOriginalMessage()));
        } catch (CharacterCodingException e) {
            throw AnnotationText.notUtf8(annotations);
        }
        return log.finish(annotations, samples, labels);
    }

    private Optional<Path> locate(String id) {
        if (!options.checkFiles()) {
            return Optional.of(videoRoot.resolve(id + "." + extensions.get(0)));
        }
        return extensions.stream().map(ext -> videoRoot.resolve(id + "." + ext)).filter(Files::isRegularFile).findFirst();
    }

    private static LabelMap readLabels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MISSING_FILE, "the SSv2 class file"
                    + " does not exist"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(AnnotationText.text(file));
        } catch (JsonProcessingException e) {
            throw new AnnotationException(new AnnotationIssue(file, e.getLocation() == null ? 0
                    : e.getLocation().getLineNr(), IssueKind.MALFORMED, "not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new AnnotationException(new AnnotationIssue(file, 1, IssueKind.MALFORMED,
                    "expected an object {\"class name\": \"index\", ...}"));
        }
        String[] names = new String[root.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = e.getValue().asText();
            int index = ListFileReader.isInteger(value) ? Integer.parseInt(value) : -1;
            if (index < 0 || index >= names.length || names[index] != null) {
                throw new AnnotationException(new AnnotationIssue(file, 0, IssueKind.MALFORMED, "class '" + e.getKey()
                        + "' has index '" + value + "'; indices must be 0.." + (names.length - 1) + ", each once"));
            }
            names[index] = e.getKey();
        }
        return LabelMap.of(Arrays.asList(names));
    }
}
