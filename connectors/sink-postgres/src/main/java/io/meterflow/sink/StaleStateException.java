package io.meterflow.sink;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The job was started from state older than what PostgreSQL already holds (guarantee 4), or
 * without state on a generation another pipeline already wrote: running on would count events
 * twice. The message says what to do. Non-recoverable, so Flink fails the job instead of
 * restarting it in a loop.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class StaleStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StaleStateException(String message) {
        super(message);
    }
}
