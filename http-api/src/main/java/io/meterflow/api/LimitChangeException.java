package io.meterflow.api;

/**
 * A limit change refused or not applied, with a message a person can act on. {@link #kind} says which:
 * the CLI prints the message, the API answers 400, 404 or 503 naming {@link #parameter}.
 */
public final class LimitChangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why nothing was applied. */
    public enum Kind {
        /** Bad input: a value, period, time zone or anchor that cannot be a limit. */
        INVALID,
        /** An unknown meter or subject, or no such limit to delete. */
        NOT_FOUND,
        /** Kafka (or its limits topic) cannot take the change now; nothing was changed. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String parameter;

    public LimitChangeException(Kind kind, String parameter, String message) {
        this(kind, parameter, message, null);
    }

    public LimitChangeException(Kind kind, String parameter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.parameter = parameter;
    }

    public Kind kind() {
        return kind;
    }

    /** The input at fault (meter, subject, limit, period, timeZone, anchor), or null. */
    public String parameter() {
        return parameter;
    }
}
