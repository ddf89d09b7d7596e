package io.meterflow.sink;

import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.Utf8;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * PostgreSQL refused a committable for a reason no retry can change (bad data, a constraint, a
 * size limit, a missing object). The committable is part of completed checkpoint state, so a
 * restart would apply it again and fail again, forever: the job fails once instead, with a message
 * naming the committable, the row PostgreSQL most likely refused, and PostgreSQL's own words. The
 * decoder's limits make this unreachable from event content; it guards against state written by
 * older versions and against a database changed under the job.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class RefusedCommittableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** SQLState classes retrying cannot fix: 21 cardinality, 22 data, 23 integrity, 42 syntax/undefined, 54 limits. */
    private static final String[] PERMANENT_CLASSES = {"21", "22", "23", "42", "54"};
    /** PostgreSQL btree's largest index entry. */
    private static final int BTREE_MAX = 2704;

    RefusedCommittableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exception for a permanent refusal, or null when the failure may pass (connection, deadlock, ...). */
    static RefusedCommittableException ifPermanent(UsageCommittable c, SQLException e) {
        String state = sqlState(e);
        if (state == null || state.length() < 2) {
            return null;
        }
        boolean permanent = false;
        for (String cls : PERMANENT_CLASSES) {
            permanent |= state.startsWith(cls);
        }
        if (!permanent) {
            return null;
        }
        return new RefusedCommittableException("PostgreSQL refused committable " + c.id() + " (SQLState " + state
                + ", not retryable: the job stops instead of restarting forever). " + suspect(c)
                + ". PostgreSQL said: " + e.getMessage(), e);
    }

    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                SQLException s = (SQLException) t;
                if (s.getSQLState() != null) {
                    return s.getSQLState();
                }
                if (s.getNextException() != null && s.getNextException().getSQLState() != null) {
                    return s.getNextException().getSQLState();
                }
            }
        }
        return null;
    }

    /** The first row PostgreSQL cannot take as is, else the row with the largest key. */
    static String suspect(UsageCommittable c) {
        Map.Entry<WindowKey, WindowDelta> largest = null;
        int largestBytes = -1;
        for (Map.Entry<WindowKey, WindowDelta> e : c.windows().entrySet()) {
            WindowKey k = e.getKey();
            WindowDelta d = e.getValue();
            String why = Utf8.problem(k.subject()) != null ? "subject " + Utf8.problem(k.subject())
                    : k.groupValues().contains("\\u0000") || Utf8.problem(k.groupValues()) != null
                            ? "group values hold NUL or a lone surrogate"
                    : d.uniqueValues().stream().anyMatch(v -> Utf8.problem(v) != null)
                            ? "a unique value holds NUL or a lone surrogate"
                    : !fits(d.sum()) || !fits(d.min()) || !fits(d.max()) || !fits(d.latestValue()) || !fits(d.lateSum())
                            ? "a value exceeds PostgreSQL numeric" : null;
            int bytes = keyBytes(k) + d.uniqueValues().stream().mapToInt(Utf8::length).max().orElse(0);
            if (why == null && bytes > BTREE_MAX) {
                why = "key and value are about " + bytes + " bytes, the index holds " + BTREE_MAX;
            }
            if (why != null) {
                return "Suspect row: " + row(k) + ": " + why;
            }
            if (bytes > largestBytes) {
                largestBytes = bytes;
                largest = e;
            }
        }
        return largest == null ? "The committable has no window rows (" + c.rejections().size() + " rejections)"
                : "Largest row: " + row(largest.getKey()) + " (key about " + largestBytes + " bytes)";
    }

    private static int keyBytes(WindowKey k) {
        return Utf8.length(k.meter()) + Utf8.length(k.subject()) + Utf8.length(k.groupValues()) + 8;
    }

    /** PostgreSQL numeric: at most 131072 digits before the point and 16383 after. */
    private static boolean fits(BigDecimal v) {
        return v == null || (v.scale() <= 16383 && (long) v.precision() - v.scale() <= 131072);
    }

    private static String row(WindowKey k) {
        return "meter " + k.meter() + ", subject \"" + cut(k.subject()) + "\", group values " + cut(k.groupValues())
                + ", window " + Instant.ofEpochMilli(k.windowStart());
    }

    private static String cut(String s) {
        String t = s.length() <= 80 ? s : Utf8.shorten(s, 80) + " (" + Utf8.length(s) + " bytes)";
        return Utf8.printable(t);
    }
}
