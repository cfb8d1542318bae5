package org.tubelet.datasets.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads videos stored as folders of frame images ({@code img_00001.jpg}, {@code img_00002.jpg}, ... as
 * mmaction2's rawframes), with ImageIO (JPEG, PNG, BMP, GIF).
 *
 * <p>The frame count is the number of files in the folder whose names match the {@link FrameNameTemplate};
 * frames must be numbered without gaps. The frame rate is not stored in a folder, so it is a setting.
 *
 * <p>Stateless: safe to share between threads.
 */
public final class FrameFolderReader implements ClipSource {

    private final FrameNameTemplate template;
    private final double fps;
    private final Pattern names;

    /**
     * @param template how frames are named
     * @param fps      the frame rate to report (> 0), e.g. the rate the frames were extracted at
     */
    public FrameFolderReader(FrameNameTemplate template, double fps) {
        this.template = Objects.requireNonNull(template, "template");
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be finite and > 0, got " + fps);
        }
        this.fps = fps;
        this.names = template.fileNameRegex();
    }

    /** mmaction2's frame folders: {@code img_00001.jpg}, ..., reported at 30 fps. */
    public static FrameFolderReader mmaction2() {
        return new FrameFolderReader(FrameNameTemplate.mmaction2(), 30.0);
    }

    /** How frames are named. */
    public FrameNameTemplate template() {
        return template;
    }

    @Override
    public VideoInfo probe(Path folder) throws VideoDecodeException {
        int count = countFrames(folder);
        Path first = folder.resolve(template.fileName(0));
        BufferedImage image = read(folder, first, 0);
        return new VideoInfo(fps, count, FrameCountSource.FILES, count / fps, image.getWidth(), image.getHeight(),
                formatName(first), Rotation.NONE);
    }

    @Override
    public VideoClip decode(Path folder, int[] frameIndices) throws VideoDecodeException {
        FileChecks.requireFrameIndices(frameIndices);
        FileChecks.requireDirectory(folder);
        int[] wanted = Arrays.stream(frameIndices).sorted().distinct().toArray();
        byte[] rgb = null;
        int width = 0;
        int height = 0;
        for (int i = 0; i < wanted.length; i++) {
            Path file = folder.resolve(template.fileName(wanted[i]));
            if (!Files.isRegularFile(file)) {
                throw new VideoDecodeException(folder, DecodeFailure.TRUNCATED, "frame " + wanted[i] + " ("
                        + file.getFileName() + ") does not exist");
            }
            BufferedImage image = read(folder, file, wanted[i]);
            if (rgb == null) {
                width = image.getWidth();
                height = image.getHeight();
                rgb = new byte[Math.multiplyExact(wanted.length, width * height * VideoClip.CHANNELS)];
            } else if (image.getWidth() != width || image.getHeight() != height) {
                throw new VideoDecodeException(folder, DecodeFailure.CORRUPT, file.getFileName() + " is "
                        + image.getWidth() + "x" + image.getHeight() + " but frame " + wanted[0] + " is " + width + "x"
                        + height + " (WxH)");
            }
            toRgb(image, rgb, i * width * height * VideoClip.CHANNELS);
        }
        VideoClip unique = new VideoClip(wanted.length, height, width, rgb);
        if (Arrays.equals(wanted, frameIndices)) {
            return unique;
        }
        int[] pos = new int[frameIndices.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = Arrays.binarySearch(wanted, frameIndices[i]);
        }
        return unique.subClip(pos);
    }

    @Override
    public int decodeAll(Path folder) throws VideoDecodeException {
        int count = countFrames(folder);
        for (int i = 0; i < count; i++) {
            read(folder, folder.resolve(template.fileName(i)), i);
        }
        return count;
    }

    /** Number of frames: files matching the template, checked to be numbered without gaps. */
    private int countFrames(Path folder) throws VideoDecodeException {
        FileChecks.requireDirectory(folder);
        int count = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Matcher m = names.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long number = Long.parseLong(m.group(1));
                    first = Math.min(first, number);
                    last = Math.max(last, number);
                    count++;
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new VideoDecodeException(folder, DecodeFailure.UNREADABLE, "cannot list the frames: " + e, e);
        }
        if (count == 0) {
            throw new VideoDecodeException(folder, DecodeFailure.EMPTY, "no frame named like "
                    + template.fileName(0));
        }
        if (first != template.startIndex() || last - first + 1 != count) {
            throw new VideoDecodeException(folder, DecodeFailure.CORRUPT, count + " frames match "
                    + template.pattern() + " but they are numbered " + first + ".." + last + "; expected "
                    + template.fileName(0) + " .. " + template.fileName(count - 1) + " without gaps");
        }
        return count;
    }

    private static BufferedImage read(Path folder, Path file, int frame) throws VideoDecodeException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new VideoDecodeException(folder, DecodeFailure.CORRUPT, "frame " + frame + " (" + file.getFileName()
                    + ") cannot be read: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new VideoDecodeException(folder, DecodeFailure.UNSUPPORTED, "frame " + frame + " ("
                    + file.getFileName() + ") is not in an image format ImageIO reads");
        }
        return image;
    }

    /** Copies an image's pixels as RGB bytes {@code [H, W, 3]}. */
    private static void toRgb(BufferedImage image, byte[] dst, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getNumBanks() == 1 && buffer.getData().length == w * h * 3) {
            byte[] bgr = buffer.getData(); // the usual JPEG case: swap B and R
            for (int i = 0; i < w * h * 3; i += 3) {
                dst[offset + i] = bgr[i + 2];
                dst[offset + i + 1] = bgr[i + 1];
                dst[offset + i + 2] = bgr[i];
            }
            return;
        }
        int[] row = new int[w];
        int d = offset;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                dst[d++] = (byte) (argb >> 16);
                dst[d++] = (byte) (argb >> 8);
                dst[d++] = (byte) argb;
            }
        }
    }

    private static String formatName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "jpg", "jpeg" -> "jpeg";
            default -> ext.isEmpty() ? "image" : ext;
        };
    }
}
