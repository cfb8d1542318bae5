package org.tubelet.models;

import java.util.Optional;

/**
 * A config value that cannot work; the message names the field, the value and the rule, and {@link #field()} names
 * the field (the HF or recipe key) so that callers can point at it without parsing the message.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String field;

    /**
     * @param field the key the error is about, or null when it concerns a whole file (missing, not JSON) rather than
     *              one of its keys
     */
    public ConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The key the error is about; empty when the error concerns a whole file. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** Throws unless {@code ok}, with "field = value: rule". */
    public static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new ConfigException(field, field + " = " + value + ": " + rule);
        }
    }
}
