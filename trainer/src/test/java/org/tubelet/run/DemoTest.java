package org.tubelet.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The demo's forward pass: deterministic for a seed, one row of logits per clip. */
class DemoTest {

    @Test
    void oneRowOfLogitsPerClipTheSameForTheSameSeed() throws Exception {
        Demo.Result a = Demo.run(0, 3);
        Demo.Result b = Demo.run(0, 3);
        assertEquals("VivitForVideoClassification", a.model());
        assertEquals(Demo.PRESET, a.preset());
        assertEquals(3, a.pixelValues()[0]);
        assertEquals(5, a.pixelValues().length);
        assertEquals(3, a.logits().length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.logits()[i], b.logits()[i]);
        }
    }
}
