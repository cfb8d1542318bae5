package org.tubelet.io.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tubelet.testing.TfEventReader;
import org.tubelet.testing.TfEventReader.Event;
import org.tubelet.testing.TfEventReader.Value;

/** The event files, read back by the independent reader in the test sources ({@link TfEventReader}). */
class EventFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void theReadersCrcIsCrc32c() {
        // the standard check value of CRC-32C (RFC 3720, appendix B.4)
        assertEquals(0xE3069283, TfEventReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void scalarsImagesTextAndRestartsReadBackWithTheirTagsStepsAndValues() throws IOException {
        byte[] png = png(7, 5, BufferedImage.TYPE_INT_RGB);
        byte[] rgba = png(3, 2, BufferedImage.TYPE_INT_ARGB);
        double before = System.currentTimeMillis() / 1000.0;
        Path file;
        try (EventFileWriter w = EventFileWriter.create(dir.resolve("tb"))) {
            file = w.file();
            w.scalar("train/loss", 3, 0.25);
            w.scalar("train/lr", 300_000_000_000L, -1.5e-3);
            w.image("val/picture", 4, png);
            w.image("val/rgba", 4, rgba);
            w.text("recipe", 0, "    name: r\n    é ✓");
            w.restart(11);
        }
        double after = System.currentTimeMillis() / 1000.0;
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+"),
                file.toString());

        List<Event> events = TfEventReader.read(file);
        assertEquals(7, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        for (Event e : events) {
            assertTrue(e.wallTime() >= before - 1 && e.wallTime() <= after + 1, "wall time " + e.wallTime());
        }
        Value loss = only(events.get(1), 3);
        assertEquals("train/loss", loss.tag());
        assertEquals(0.25f, loss.simpleValue());
        Value lr = only(events.get(2), 300_000_000_000L);
        assertEquals("train/lr", lr.tag());
        assertEquals((float) -1.5e-3, lr.simpleValue());

        Value image = only(events.get(3), 4);
        assertEquals("val/picture", image.tag());
        assertNull(image.simpleValue());
        assertEquals(5, image.image().height());
        assertEquals(7, image.image().width());
        assertEquals(3, image.image().colourspace(), "RGB");
        assertArrayEquals(png, image.image().encoded());
        assertEquals(4, only(events.get(4), 4).image().colourspace(), "RGBA");

        Value text = only(events.get(5), 0);
        assertEquals("recipe", text.tag());
        assertEquals("text", text.plugin());
        assertEquals(7L, text.dtype(), "DT_STRING");
        assertEquals(List.of("    name: r\n    é ✓"), text.strings());

        assertEquals(11, events.get(6).step());
        assertEquals(1L, events.get(6).sessionLogStatus(), "SessionLog.START");
    }

    @Test
    void aDamagedFileFailsItsCrcAndWritersStartedTogetherGetTheirOwnFiles() throws IOException {
        Path a;
        Path b;
        try (EventFileWriter w1 = EventFileWriter.create(dir); EventFileWriter w2 = EventFileWriter.create(dir)) {
            a = w1.file();
            b = w2.file();
            w1.scalar("x", 1, 1.0);
        }
        assertNotEquals(a, b);
        assertEquals(2, TfEventReader.read(a).size());
        byte[] bytes = Files.readAllBytes(a);
        bytes[bytes.length - 6] ^= 0x10;                       // inside the last record's data
        Files.write(a, bytes);
        IOException e = assertThrows(IOException.class, () -> TfEventReader.read(a));
        assertTrue(e.getMessage().contains("data CRC"), e.getMessage());
    }

    @Test
    void anImageMustBeAPng() throws IOException {
        try (EventFileWriter w = EventFileWriter.create(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.image("x", 0, "GIF89a but longer than twenty-six bytes".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        }
    }

    private static Value only(Event e, long step) {
        assertEquals(step, e.step());
        assertEquals(1, e.values().size());
        return e.values().get(0);
    }

    private static byte[] png(int w, int h, int type) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        img.setRGB(1, 1, 0xFF336699);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
