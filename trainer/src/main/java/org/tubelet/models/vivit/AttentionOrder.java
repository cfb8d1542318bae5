package org.tubelet.models.vivit;

import java.util.Arrays;

/** Model 3: which self-attention comes first in a layer. */
public enum AttentionOrder {
    SPACE_FIRST("space_first"),
    TIME_FIRST("time_first");

    private final String configName;

    AttentionOrder(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static AttentionOrder fromConfig(String name) {
        for (AttentionOrder o : values()) {
            if (o.configName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("factorised_attention_order: unknown value '" + name
                + "', expected one of " + Arrays.stream(values()).map(AttentionOrder::configName).toList());
    }
}
