package io.meterflow.embedded.flink;

import java.io.IOException;

/** A failed call to the Flink REST API; the message is one line, fit for a CLI. */
public final class FlinkRestException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public FlinkRestException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    public FlinkRestException(String message) {
        this(message, -1, null);
    }

    /** HTTP status, or -1 when no response was received. */
    public int statusCode() {
        return statusCode;
    }
}
