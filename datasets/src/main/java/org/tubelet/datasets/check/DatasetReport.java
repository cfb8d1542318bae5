package org.tubelet.datasets.check;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tubelet.datasets.video.Rotation;
import org.tubelet.datasets.video.UnreadableVideo;

/**
 * What {@link DatasetCheck} found.
 *
 * @param samples              samples checked
 * @param readable             samples whose video could be read
 * @param samplesPerClass      class name to number of samples (all samples, in class order)
 * @param fps                  frame rates of the readable videos
 * @param durationSeconds      durations of the readable videos
 * @param frameCounts          frame counts of the readable videos
 * @param frameSizes           {@code WxH} to number of videos
 * @param codecs               codec name to number of videos
 * @param rotations            rotation to number of videos
 * @param unreadable           every unreadable video with its reason, in sample order
 * @param frameCountMismatches videos whose decoded frame count differs from the reported one (deep checks only)
 * @param decodedEveryFrame    whether every frame was decoded (deep check) or only headers read
 */
public record DatasetReport(int samples, int readable, Map<String, Integer> samplesPerClass, ValueSummary fps,
                            ValueSummary durationSeconds, ValueSummary frameCounts, Map<String, Integer> frameSizes,
                            Map<String, Integer> codecs, Map<Rotation, Integer> rotations, List<UnreadableVideo> unreadable,
                            List<FrameCountMismatch> frameCountMismatches, boolean decodedEveryFrame) {

    /** Copies the collections (keeping their order). */
    public DatasetReport {
        samplesPerClass = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(samplesPerClass));
        frameSizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(frameSizes));
        codecs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(codecs));
        rotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rotations));
        unreadable = List.copyOf(unreadable);
        frameCountMismatches = List.copyOf(frameCountMismatches);
    }

    /** Whether every video is readable and (for deep checks) has the frames it claims. */
    public boolean ok() {
        return unreadable.isEmpty() && frameCountMismatches.isEmpty();
    }

    /** A human-readable report, for the {@code dataset check} command. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d samples, %d readable, %d unreadable (%s)%n", samples, readable,
                unreadable.size(), decodedEveryFrame ? "every frame decoded" : "headers only"));
        sb.append("classes: ").append(samplesPerClass.size()).append(System.lineSeparator());
        samplesPerClass.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %6d  %s%n", v, k)));
        sb.append("fps: ").append(fps).append(System.lineSeparator());
        sb.append("duration (s): ").append(durationSeconds).append(System.lineSeparator());
        sb.append("frames: ").append(frameCounts).append(System.lineSeparator());
        sb.append("frame sizes (WxH): ").append(frameSizes).append(System.lineSeparator());
        sb.append("codecs: ").append(codecs).append(System.lineSeparator());
        sb.append("rotations: ").append(rotations).append(System.lineSeparator());
        if (!unreadable.isEmpty()) {
            sb.append("unreadable:").append(System.lineSeparator());
            unreadable.forEach(u -> sb.append("  ").append(u).append(System.lineSeparator()));
        }
        if (!frameCountMismatches.isEmpty()) {
            sb.append("frame count differs from the header:").append(System.lineSeparator());
            frameCountMismatches.forEach(m -> sb.append(String.format(Locale.ROOT, "  %s: reported %d, decoded %d%n",
                    m.path(), m.reported(), m.decoded())));
        }
        return sb.toString();
    }
}
