package io.meterflow.cli;

/**
 * A failure the user can act on, shown as one line on stderr (no stack trace unless
 * {@code --verbose}). The message says what went wrong and, where there is one, what to do.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(String message) {
        this(message, null, 1);
    }

    public CliException(String message, Throwable cause) {
        this(message, cause, 1);
    }

    public CliException(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
