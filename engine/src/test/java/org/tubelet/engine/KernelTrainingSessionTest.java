package org.tubelet.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The training session's own run (its steps are tested with the trainer's {@code SessionStepperTest}). */
class KernelTrainingSessionTest {
    @Test
    void namesARequestedVariableTheGraphLacks() {
        SameDiff sd = SameDiff.create();
        sd.var("w", Nd4j.ones(DataType.FLOAT, 2)).sum("loss");
        KernelTrainingSession session = new KernelTrainingSession(sd);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> session.output(List.of("loss", "nope"), Map.of(), null, List.of(), null, At.defaultAt()));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
