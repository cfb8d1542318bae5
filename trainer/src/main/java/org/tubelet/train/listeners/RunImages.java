package org.tubelet.train.listeners;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Where a run's pictures go: each image is encoded as PNG once and written atomically into the run folder under its
 * tag ({@code reconstructions/step-00000500.png}). The one place a run writes images, so that another destination
 * (an event file) can be added beside the folder.
 */
public final class RunImages {
    private final Path dir;

    /** @param dir the run folder */
    public RunImages(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes {@code <dir>/<tag>/step-NNNNNNNN.png}.
     *
     * @param tag  what the picture shows, a relative folder name (e.g. {@code reconstructions})
     * @param step the training step it shows
     * @return the file written
     */
    public Path write(String tag, long step, BufferedImage image) throws IOException {
        return writePng(dir.resolve(tag).resolve(String.format(Locale.ROOT, "step-%08d.png", step)),
                image);
    }

    /** Encodes an image as PNG and writes it atomically (folders created). */
    public static Path writePng(Path file, BufferedImage image) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
