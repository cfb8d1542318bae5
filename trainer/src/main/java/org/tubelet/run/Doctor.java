package org.tubelet.run;

import java.io.IOException;
import java.nio.file.Path;
import org.tubelet.models.Architecture;
import org.tubelet.models.ModelConfig;
import org.tubelet.models.zoo.Models;
import org.tubelet.models.zoo.TrainingMemory;
import org.tubelet.recipe.Recipe;
import org.tubelet.recipe.Task;
import org.tubelet.run.doctor.Diagnosis;
import org.tubelet.run.doctor.Probes;

/**
 * {@code doctor [--recipe R] [--json]}: this machine and process as a {@link Diagnosis} (see
 * {@link org.tubelet.run.doctor}); with a recipe, also its model's size and estimated training memory, checked against
 * what ND4J may allocate.
 */
public final class Doctor {
    private Doctor() {
    }

    /**
     * @param runDir where runs go (its free space is reported)
     * @param recipe a recipe whose memory need is checked, or null
     */
    public static Diagnosis examine(Path runDir, Recipe recipe) throws IOException {
        Diagnosis.RecipeNeed need = null;
        if (recipe != null) {
            ModelConfig c = Wiring.baseConfig(recipe);
            Architecture arch = Wiring.architecture(recipe, c);
            int masked = recipe.task() == Task.PRETRAINING ? Wiring.masks(recipe, c).maskedPerClip() : 0;
            int batch = recipe.data().batchSize();
            need = new Diagnosis.RecipeNeed(recipe.name(), arch.hfClass(), Models.layout(c, arch).parameterCount(),
                    batch, TrainingMemory.bytes(c, arch, batch, masked));
        }
        return Probes.diagnose(runDir, need);
    }
}
