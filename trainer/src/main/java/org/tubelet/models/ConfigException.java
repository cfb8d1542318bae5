package org.tubelet.models;

/** A config value that cannot work; the message names the field, the value and the rule. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    /** Throws unless {@code ok}, with "field = value: rule". */
    public static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new ConfigException(field + " = " + value + ": " + rule);
        }
    }
}
