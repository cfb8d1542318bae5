package org.tubelet.models.vivit;

import java.util.Arrays;

/** How a 2-D image-ViT patch filter becomes a 3-D tubelet filter (paper section 3.4). */
public enum KernelInit {
    /** Filter inflation: the 2-D filter replicated over the kt frames and divided by kt (I3D-style). */
    FILTER_INFLATION("filter_inflation"),
    /** Central frame: zeros except the centre frame (index kt/2), which gets the 2-D filter. */
    CENTRAL_FRAME("central_frame");

    private final String configName;

    KernelInit(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static KernelInit fromConfig(String name) {
        for (KernelInit k : values()) {
            if (k.configName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kernel_init: unknown value '" + name + "', expected one of "
                + Arrays.stream(values()).map(KernelInit::configName).toList());
    }
}
