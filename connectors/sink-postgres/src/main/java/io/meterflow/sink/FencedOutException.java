package io.meterflow.sink;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * Another job took over this job's generation (a second job started from the same checkpoint, a
 * replay or resubmission while this one ran): committing on would count events twice, so this job
 * stops. Non-recoverable: a restart would only be refused again.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class FencedOutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FencedOutException(String message) {
        super(message);
    }
}
