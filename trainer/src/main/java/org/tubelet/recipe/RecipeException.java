package org.tubelet.recipe;

import org.tubelet.models.ConfigException;

/**
 * A recipe that cannot run: unknown key, wrong type, missing required key or impossible value. The message starts
 * with {@code file:line}, names the key and says what was expected. The CLI maps it to exit code 2.
 */
public final class RecipeException extends IllegalArgumentException {
    private final transient Origin origin;

    public RecipeException(Origin origin, String message) {
        super(origin + ": " + message);
        this.origin = origin;
    }

    /** Wraps a record's validation error ({@link ConfigException}) with the location of the value it names. */
    public RecipeException(Origin origin, ConfigException cause) {
        super(origin + ": " + cause.getMessage(), cause);
        this.origin = origin;
    }

    public Origin origin() {
        return origin;
    }
}
