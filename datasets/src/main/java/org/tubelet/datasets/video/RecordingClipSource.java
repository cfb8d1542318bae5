package org.tubelet.datasets.video;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ClipSource} that remembers every clip it decoded (video and frame indices) and what each probe found, so
 * that another decoder can be timed on exactly the same frames: the loader benchmark's plan for the {@code ffmpeg}
 * anchor. Thread-safe, as the loader's workers call it in parallel.
 */
public final class RecordingClipSource implements ClipSource {
    /** One decoded clip. */
    public record Decode(Path path, int[] frames) {
    }

    private final ClipSource inner;
    private final List<Decode> decodes = new CopyOnWriteArrayList<>();
    private final Map<Path, VideoInfo> probes = new ConcurrentHashMap<>();

    public RecordingClipSource(ClipSource inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public VideoInfo probe(Path path) throws VideoDecodeException {
        VideoInfo info = inner.probe(path);
        probes.putIfAbsent(path, info);
        return info;
    }

    @Override
    public VideoClip decode(Path path, int[] frameIndices) throws VideoDecodeException {
        VideoClip clip = inner.decode(path, frameIndices);
        decodes.add(new Decode(path, frameIndices.clone()));
        return clip;
    }

    @Override
    public int decodeAll(Path path) throws VideoDecodeException {
        return inner.decodeAll(path);
    }

    /** The clips decoded so far, in the order they finished. */
    public List<Decode> decodes() {
        return List.copyOf(decodes);
    }

    /** What the probe of a video found, if it was probed. */
    public VideoInfo probed(Path path) {
        return probes.get(path);
    }

    /**
     * Writes the plan: one JSON object per decoded clip, {@code {"path", "fps", "width", "height", "frames": [...]}}
     * with the absolute path, the probed frame rate and displayed size, and the frame indices in clip order.
     */
    public void writePlan(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Decode d : decodes) {
                VideoInfo info = probes.containsKey(d.path()) ? probes.get(d.path()) : inner.probe(d.path());
                ObjectNode line = json.createObjectNode();
                line.put("path", d.path().toAbsolutePath().toString());
                line.put("fps", info.fps());
                line.put("width", info.width());
                line.put("height", info.height());
                var frames = line.putArray("frames");
                for (int f : d.frames()) {
                    frames.add(f);
                }
                out.write(json.writeValueAsString(line));
                out.write('\n');
            }
        }
    }
}
