package org.tubelet.datasets.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tubelet.datasets.Seeds;
import org.tubelet.datasets.layout.LabelMap;
import org.tubelet.datasets.video.EncodeSettings;
import org.tubelet.datasets.video.VideoClip;
import org.tubelet.datasets.video.VideoFormat;
import org.tubelet.datasets.video.VideoWriter;

/**
 * A synthetic action-recognition dataset that only a model of motion can solve: a textured square moves across
 * a textured background in one of {@code K} directions, at a random speed from a random place, in random
 * colours. The class is the direction, so no single frame reveals it.
 *
 * <p>Class {@code k} moves at angle {@code 360 k / K} degrees, counter-clockwise from "right" ({@code K = 4}:
 * right, up, left, down). Video {@code i} is drawn from {@code Seeds.mix(seed, i)} alone, so a seed gives the
 * same videos (and, with the bundled encoder running single-threaded, the same files) every time.
 *
 * <p>Writes {@code root/videos/{train,val}_NNNNN.<ext>}, {@code root/train.txt}, {@code root/val.txt}
 * ("path label", paths relative to {@code root}) and {@code root/labels.txt}.
 */
public final class MovingShapes {

    private static final Logger LOG = LogManager.getLogger(MovingShapes.class);

    private MovingShapes() {
    }

    /**
     * Generates the dataset.
     *
     * @param root   the folder to write into (created if needed; existing files of the same names are replaced)
     * @param config sizes, counts, seed, format
     * @return where everything is
     * @throws IOException if writing fails
     */
    public static SyntheticDataset generate(Path root, SyntheticConfig config) throws IOException {
        return generate(root, config, Renderer.SQUARE);
    }

    /** What a video shows. */
    public enum Renderer {
        /** One textured square over stripes ({@link MovingShapes#render}). */
        SQUARE,
        /** Several shapes, one direction, a static occluder ({@link ShapeScenes#render}). */
        SHAPES;

        /** Renders one video of class {@code label}. */
        public VideoClip render(int label, SyntheticConfig config, SplittableRandom rng) {
            return this == SQUARE ? MovingShapes.render(label, config, rng) : ShapeScenes.render(label, config, rng);
        }
    }

    /**
     * Generates the dataset with the given renderer.
     *
     * @see #generate(Path, SyntheticConfig)
     */
    public static SyntheticDataset generate(Path root, SyntheticConfig config, Renderer renderer) throws IOException {
        long t0 = System.nanoTime();
        VideoFormat format = config.format();
        if (!format.isWritable() && format == VideoFormat.MP4_H264) {
            LOG.warn("the bundled FFmpeg has no H.264 encoder; writing MPEG-4 part 2 instead");
            format = VideoFormat.MP4_MPEG4;
        }
        Path videos = Files.createDirectories(root.resolve("videos"));
        LabelMap labels = LabelMap.of(classNames(config.classes()));
        EncodeSettings settings = new EncodeSettings(config.fps(), Math.max(1, config.frames() / 2), 0.5, 0);
        String encoder = "";
        List<String> train = new ArrayList<>();
        List<String> val = new ArrayList<>();
        int total = config.classes() * (config.trainPerClass() + config.valPerClass());
        for (int i = 0; i < total; i++) {
            boolean isTrain = i < config.classes() * config.trainPerClass();
            int label = i % config.classes();
            int n = isTrain ? train.size() : val.size();
            String name = String.format(Locale.ROOT, "%s_%05d.%s", isTrain ? "train" : "val", n, format.extension());
            VideoClip clip = renderer.render(label, config, new SplittableRandom(Seeds.mix(config.seed(), i)));
            encoder = VideoWriter.write(clip, videos.resolve(name), format, settings);
            (isTrain ? train : val).add("videos/" + name + " " + label);
        }
        Path trainList = write(root.resolve("train.txt"), train);
        Path valList = write(root.resolve("val.txt"), val);
        Path labelsFile = root.resolve("labels.txt");
        labels.save(labelsFile);
        LOG.info("wrote {} synthetic videos ({} train, {} val, {} classes, {}x{}x{} {}) to {} in {} ms", total,
                train.size(), val.size(), config.classes(), config.frames(), config.height(), config.width(), encoder,
                root, (System.nanoTime() - t0) / 1_000_000);
        return new SyntheticDataset(root, trainList, valList, labelsFile, labels, encoder, train.size(), val.size());
    }

    /** Class names: {@code move_000deg}, {@code move_090deg}, ... */
    public static List<String> classNames(int classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add(String.format(Locale.ROOT, "move_%03ddeg", Math.round(360.0 * k / classes)));
        }
        return names;
    }

    /**
     * The path of the square for a video of class {@code label}: speed 0.8 to 2 pixels per frame (slower when the
     * frame is too small for the path), side 1/5 to 1/3 of the short side, start anywhere the path fits.
     */
    public static ShapeTrack track(int label, SyntheticConfig config, SplittableRandom rng) {
        int h = config.height();
        int w = config.width();
        int side = (int) (Math.min(h, w) * (0.2 + 0.13 * rng.nextDouble()));
        double angle = 2 * Math.PI * label / config.classes();
        double speed = 0.8 + 1.2 * rng.nextDouble();
        int steps = config.frames() - 1;
        double maxSpeed = 0.8 * (Math.min(h, w) - side) / steps; // the path must fit in the frame
        speed = Math.min(speed, maxSpeed);
        double vx = speed * Math.cos(angle);
        double vy = -speed * Math.sin(angle); // up is -y
        double dx = vx * steps;
        double dy = vy * steps;
        double x0 = Math.max(0, -dx) + rng.nextDouble() * Math.max(0, w - side - Math.abs(dx));
        double y0 = Math.max(0, -dy) + rng.nextDouble() * Math.max(0, h - side - Math.abs(dy));
        return new ShapeTrack(x0, y0, vx, vy, side);
    }

    /** Renders one video of class {@code label}: {@code [T, H, W, 3]}. */
    public static VideoClip render(int label, SyntheticConfig config, SplittableRandom rng) {
        int t = config.frames();
        int h = config.height();
        int w = config.width();
        ShapeTrack track = track(label, config, rng);
        int[] bgA = randomColour(rng, 40, 140);
        int[] bgB = randomColour(rng, 40, 140);
        int[] fgA = randomColour(rng, 150, 255);
        int[] fgB = randomColour(rng, 0, 100);
        double fx = 0.05 + 0.25 * rng.nextDouble(); // background stripes: spatial frequency and phase
        double fy = 0.05 + 0.25 * rng.nextDouble();
        double phase = 2 * Math.PI * rng.nextDouble();
        int cell = 2 + rng.nextInt(3); // checkerboard cell of the square
        byte[] background = stripes(h, w, bgA, bgB, fx, fy, phase);
        byte[] rgb = new byte[t * h * w * 3];
        for (int f = 0; f < t; f++) {
            int base = f * h * w * 3;
            System.arraycopy(background, 0, rgb, base, background.length);
            int left = track.left(f);
            int top = track.top(f);
            for (int y = Math.max(0, top); y < Math.min(h, top + track.side()); y++) {
                for (int x = Math.max(0, left); x < Math.min(w, left + track.side()); x++) {
                    int[] colour = (((x - left) / cell + (y - top) / cell) % 2 == 0) ? fgA : fgB;
                    int i = base + (y * w + x) * 3;
                    rgb[i] = (byte) colour[0];
                    rgb[i + 1] = (byte) colour[1];
                    rgb[i + 2] = (byte) colour[2];
                }
            }
        }
        return new VideoClip(t, h, w, rgb);
    }

    /**
     * Diagonal stripes blending colour {@code a} into {@code b} along {@code sin(fx·x + fy·y + phase)}: both
     * generators' backgrounds. @return [h, w, 3] RGB bytes
     */
    static byte[] stripes(int h, int w, int[] a, int[] b, double fx, double fy, double phase) {
        byte[] out = new byte[h * w * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0.5 + 0.5 * Math.sin(fx * x + fy * y + phase);
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) Math.round(a[c] * s + b[c] * (1 - s));
                }
            }
        }
        return out;
    }

    static int[] randomColour(SplittableRandom rng, int lo, int hi) {
        return new int[] {lo + rng.nextInt(hi - lo + 1), lo + rng.nextInt(hi - lo + 1), lo + rng.nextInt(hi - lo + 1)};
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        return Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
