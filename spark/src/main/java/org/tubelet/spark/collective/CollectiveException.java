package org.tubelet.spark.collective;

import java.io.IOException;

/** A collective operation failed: a rank did not connect or answer in time, or sent a corrupt or unexpected frame. */
public final class CollectiveException extends IOException {
    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
