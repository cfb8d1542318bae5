package org.tubelet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void byteSizesMatchTheSafetensorsSpec() {
        assertEquals(8, DType.F64.byteSize());
        assertEquals(4, DType.F32.byteSize());
        assertEquals(2, DType.F16.byteSize());
        assertEquals(2, DType.BF16.byteSize());
        assertEquals(8, DType.I64.byteSize());
        assertEquals(4, DType.I32.byteSize());
        assertEquals(2, DType.I16.byteSize());
        assertEquals(1, DType.I8.byteSize());
        assertEquals(1, DType.U8.byteSize());
        assertEquals(1, DType.BOOL.byteSize());
    }

    @Test
    void safetensorsNamesRoundTrip() {
        for (DType t : DType.values()) {
            assertEquals(t, DType.fromSafetensors(t.safetensorsName()));
        }
        assertEquals("BF16", DType.BF16.safetensorsName());
        assertEquals("BOOL", DType.BOOL.safetensorsName());
    }

    @Test
    void unknownNameIsRejectedWithTheValueInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.fromSafetensors("Q7"));
        assertTrue(e.getMessage().contains("'Q7'"), e.getMessage());
        assertTrue(e.getMessage().contains("BF16"), "lists the supported names: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.fromSafetensors("f32"));
        assertThrows(IllegalArgumentException.class, () -> DType.fromSafetensors(null));
    }

    @Test
    void onlyFloatTypesAreFloating() {
        EnumSet<DType> floating = EnumSet.of(DType.F64, DType.F32, DType.F16, DType.BF16);
        for (DType t : DType.values()) {
            assertEquals(floating.contains(t), t.isFloating(), t.name());
        }
        assertFalse(DType.BOOL.isFloating());
    }
}
