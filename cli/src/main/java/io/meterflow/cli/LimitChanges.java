package io.meterflow.cli;

import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.sink.LimitStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Applies one limit change to both copies, in this order: (1) every check against PostgreSQL (the meter
 * exists, the subject is known); (2) the row is written in an open transaction, which locks it; (3) the
 * record is published to the compacted limits topic and acknowledged; (4) the transaction commits.
 * Why: a failed check or a failed publish leaves nothing applied anywhere (the transaction rolls back);
 * the row lock makes concurrent changes of one (meter, subject) reach the topic in the order they reach
 * PostgreSQL, so the job and the readable copy cannot end on different values. The one gap, a commit
 * that fails after the publish, leaves the job ahead of the readable copy; running the same command
 * again repairs it (every change is idempotent).
 */
final class LimitChanges {
    /** Sends one record to the limits topic and returns once it is acknowledged. */
    interface Publisher {
        void publish(byte[] key, byte[] value) throws Exception;
    }

    private final LimitStore store;
    private final Publisher publisher;
    private final Clock clock;

    LimitChanges(LimitStore store, Publisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    void set(Limit limit, boolean newSubject) throws Exception {
        requireMeter(limit.meter());
        if (!limit.isDefault()) {
            requireSubject(limit.subject(), newSubject);
        }
        try (LimitStore.Change c = store.begin()) {
            c.set(limit);
            Instant reset = limit.isDefault() ? null : c.latestReset(limit.meter(), limit.subject());
            publisher.publish(LimitChange.key(limit.meter(), limit.subject()), LimitChange.value(limit, reset, clock.instant()));
            c.commit();
        }
    }

    /** False if there was no such limit (nothing changed, nothing published). */
    boolean delete(String meter, String subject) throws Exception {
        requireMeter(meter);
        try (LimitStore.Change c = store.begin()) {
            if (!c.delete(meter, subject)) {
                return false;
            }
            Instant reset = subject == null ? null : c.latestReset(meter, subject);
            // A tombstone, unless a manual reset must survive the limit: then "no limit of its own, reset at".
            publisher.publish(LimitChange.key(meter, subject),
                    reset == null ? null : LimitChange.resetOnly(meter, subject, reset, clock.instant()));
            c.commit();
            return true;
        }
    }

    void reset(String meter, String subject, Instant at) throws Exception {
        requireMeter(meter);
        requireSubject(subject, false);
        try (LimitStore.Change c = store.begin()) {
            Limit own = c.own(meter, subject);
            c.reset(meter, subject, at);
            Instant latest = c.latestReset(meter, subject);
            publisher.publish(LimitChange.key(meter, subject), own == null
                    ? LimitChange.resetOnly(meter, subject, latest, clock.instant())
                    : LimitChange.value(own, latest, clock.instant()));
            c.commit();
        }
    }

    private void requireMeter(String meter) throws SQLException {
        List<String> meters = store.meters();
        if (!meters.contains(meter)) {
            throw new CliException("unknown meter '" + meter + "' " + (meters.isEmpty()
                    ? "(PostgreSQL has no meters yet: the job writes them when it starts)"
                    : "(meters: " + String.join(", ", meters) + ")"));
        }
    }

    private void requireSubject(String subject, boolean newSubject) throws SQLException {
        if (!newSubject && !store.subjectKnown(subject)) {
            throw new CliException("unknown subject '" + subject + "' (no usage recorded for it in any meter): check the"
                    + " spelling, or pass --new-subject to set a limit before its first event");
        }
    }
}
