package io.meterflow.sink;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * PostgreSQL no longer holds a commit that the job's state counts as applied (a failover to an
 * asynchronous standby, a point-in-time restore): the events of that commit are lost from the
 * usage tables and the dedupe state would keep a replay from counting them. Non-recoverable:
 * an operator decides (rebuild, or restore an older checkpoint).
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class PostgresBehindStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PostgresBehindStateException(String message) {
        super(message);
    }
}
