package org.tubelet.hf;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tubelet.models.TensorMapping;

/** How one video family starts from an image ViT: where the value of each of its tensors comes from. */
interface ImageVitPlan {
    /**
     * @param t the video model's tensor
     * @param local its name without the model's prefix ({@code vivit.}, ...)
     * @return its value from the ViT, or null to keep its fresh initialisation (or when a problem was recorded)
     */
    INDArray value(TensorMapping t, String local, ImageVit vit, List<String> problems);

    /** What the log says about how the model was initialised. */
    String describe();
}
