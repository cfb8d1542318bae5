package org.tubelet.io.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}) that {@code tensorboard --logdir} reads:
 * TensorFlow's {@code Event} protocol buffers in TFRecord framing ({@link TfRecordWriter}), encoded by hand
 * ({@link ProtoWriter}). The first event names the file version ({@code brain.Event:2}); then each call writes one
 * event at a step with one {@code Summary.Value}: a scalar ({@code simple_value}), a PNG image ({@code Summary.Image})
 * or a text (a string tensor with the text plugin's metadata, rendered as Markdown).
 *
 * <p>Message fields used (numbers from TensorFlow's {@code event.proto} and {@code summary.proto}): Event {wall_time 1,
 * step 2, file_version 3, summary 5, session_log 7}; SessionLog {status 1}; Summary {value 1}; Summary.Value {tag 1,
 * simple_value 2, image 4, tensor 8, metadata 9}; Summary.Image {height 1, width 2, colorspace 3,
 * encoded_image_string 4}; SummaryMetadata {plugin_data 1}; PluginData {plugin_name 1, content 2}; TensorProto
 * {dtype 1, tensor_shape 2, string_val 8}.
 *
 * <p>Writes are buffered: {@link #flush()} makes them visible. Not thread-safe.
 */
public final class EventFileWriter implements AutoCloseable {
    /** Every event file's name starts so (TensorBoard looks for {@code tfevents} in file names). */
    public static final String PREFIX = "events.out.tfevents.";
    static final String FILE_VERSION = "brain.Event:2";
    private static final int SESSION_LOG_START = 1;
    private static final int DT_STRING = 7;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final Path file;
    private final OutputStream out;
    private final TfRecordWriter records;

    private EventFileWriter(Path file, OutputStream out) throws IOException {
        this.file = file;
        this.out = out;
        this.records = new TfRecordWriter(out);
        event(0, new ProtoWriter().string(3, FILE_VERSION));
    }

    /** Creates {@code dir} if needed and a new event file in it (a {@code .N} suffix if the name is taken). */
    public static EventFileWriter create(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = PREFIX + System.currentTimeMillis() / 1000 + "." + host();
        for (int n = 0; ; n++) {
            Path f = dir.resolve(n == 0 ? base : base + "." + n);
            try {
                OutputStream os = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new EventFileWriter(f, new BufferedOutputStream(os, 1 << 16));
            } catch (FileAlreadyExistsException e) {
                // another writer started within the same second: take the next name
            }
        }
    }

    public Path file() {
        return file;
    }

    /** A scalar at {@code step}, shown in TensorBoard's Scalars tab under {@code tag}. */
    public void scalar(String tag, long step, double value) throws IOException {
        summary(step, new ProtoWriter().string(1, tag).float32(2, (float) value));
    }

    /**
     * A PNG image at {@code step} (Images tab). Its width, height and colour space come from the PNG's header.
     *
     * @throws IllegalArgumentException when {@code png} is not a PNG file
     */
    public void image(String tag, long step, byte[] png) throws IOException {
        if (png.length < 26 || !Arrays.equals(Arrays.copyOf(png, 8), PNG_SIGNATURE)) {
            throw new IllegalArgumentException("image " + tag + ": not a PNG file");
        }
        int width = bigEndianInt(png, 16);         // IHDR: length, "IHDR", width, height, depth, colour type
        int height = bigEndianInt(png, 20);
        int colourspace = switch (png[25]) {
            case 0 -> 1;                           // grey
            case 4 -> 2;                           // grey + alpha
            case 6 -> 4;                           // RGBA
            default -> 3;                          // RGB, palette
        };
        ProtoWriter image = new ProtoWriter().int64(1, height).int64(2, width).int64(3, colourspace).bytes(4, png);
        summary(step, new ProtoWriter().string(1, tag).message(4, image));
    }

    /** A text at {@code step} (Text tab; Markdown). */
    public void text(String tag, long step, String markdown) throws IOException {
        ProtoWriter pluginData = new ProtoWriter().string(1, "text").bytes(2, new byte[0]);
        ProtoWriter metadata = new ProtoWriter().message(1, pluginData);
        ProtoWriter tensor = new ProtoWriter().int64(1, DT_STRING).message(2, new ProtoWriter())  // shape []: a scalar
                .string(8, markdown);
        summary(step, new ProtoWriter().string(1, tag).message(8, tensor).message(9, metadata));
    }

    /**
     * Marks a restart at {@code step} ({@code SessionLog START}): TensorBoard then drops what earlier files hold at
     * this step and after, e.g. the steps a killed run wrote after the checkpoint this run resumed from.
     */
    public void restart(long step) throws IOException {
        event(step, new ProtoWriter().message(7, new ProtoWriter().int64(1, SESSION_LOG_START)));
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void summary(long step, ProtoWriter value) throws IOException {
        event(step, new ProtoWriter().message(5, new ProtoWriter().message(1, value)));
    }

    /** An event: wall time, step, then the fields of {@code what}. */
    private void event(long step, ProtoWriter what) throws IOException {
        ProtoWriter e = new ProtoWriter().double64(1, System.currentTimeMillis() / 1000.0).int64(2, step);
        byte[] head = e.toByteArray();
        byte[] tail = what.toByteArray();
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        records.write(all);
    }

    private static int bigEndianInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** The machine's name for the file name, as TensorFlow's writers use it; "localhost" when unknown. */
    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                try {
                    h = InetAddress.getLocalHost().getHostName();
                } catch (IOException | RuntimeException e2) {
                    h = "localhost";
                }
            }
        }
        h = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return h.isEmpty() ? "localhost" : h;
    }
}
