package org.tubelet.train.listeners;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;

/**
 * Where a run's pictures go: each image is encoded as PNG once and written atomically into the run folder under its
 * tag ({@code reconstructions/step-00000500.png}), and handed to every {@link Sink} added (the TensorBoard event
 * file). The one place a run writes images.
 */
public final class RunImages {
    /** Another destination of every picture, beside the run folder. */
    @FunctionalInterface
    public interface Sink {
        /** Takes the PNG bytes of a picture written under {@code tag} at {@code step}. */
        void image(String tag, long step, byte[] png) throws IOException;
    }

    private final Path dir;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();

    /** @param dir the run folder */
    public RunImages(Path dir) {
        this.dir = dir;
    }

    /** Hands every later picture to {@code sink} too. */
    public RunImages alsoTo(Sink sink) {
        sinks.add(sink);
        return this;
    }

    /**
     * Writes {@code <dir>/<tag>/step-NNNNNNNN.png} and hands it to the sinks.
     *
     * @param tag  what the picture shows, a relative folder name (e.g. {@code reconstructions})
     * @param step the training step it shows
     * @return the file written
     */
    public Path write(String tag, long step, BufferedImage image) throws IOException {
        byte[] png = png(image);
        Path file = writeBytes(dir.resolve(tag).resolve(String.format(Locale.ROOT, "step-%08d.png", step)), png);
        for (Sink s : sinks) {
            s.image(tag, step, png);
        }
        return file;
    }

    /** Encodes an image as PNG and writes it atomically (folders created). */
    public static Path writePng(Path file, BufferedImage image) throws IOException {
        return writeBytes(file, png(image));
    }

    /** An image's PNG encoding (in memory: an I/O failure there is a bug, thrown unchecked). */
    public static byte[] png(BufferedImage image) {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Path writeBytes(Path file, byte[] png) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, png);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
