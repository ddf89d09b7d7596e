package io.meterflow.sink;

import io.meterflow.config.PostgresConnectionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * {@code meterflow.notification_deliveries}: one row per webhook delivery attempt (migration V9). One
 * connection, kept open and reopened when broken (a connection per attempt costs more than the POST);
 * callers on several threads take turns.
 */
public final class DeliveryLog implements AutoCloseable {
    /** What an attempt came to. */
    public enum Outcome { DELIVERED, RETRY, FAILED }

    private final StoreConnection connection;

    public DeliveryLog(PostgresConnectionSettings settings) {
        this.connection = new StoreConnection(settings);
    }

    /**
     * Records one attempt. A replayed attempt number (the deliverer restarted before committing its
     * offset) overwrites the earlier row: the table shows the latest run of each attempt.
     */
    public synchronized void record(String notificationId, String url, int attempt, Instant at, Outcome outcome, Integer status,
            String error, long durationMillis) throws SQLException {
        connection.inTransaction(c -> insert(c, notificationId, url, attempt, at, outcome, status, error, durationMillis));
    }

    private static Void insert(Connection c, String notificationId, String url, int attempt, Instant at, Outcome outcome,
            Integer status, String error, long durationMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO meterflow.notification_deliveries (notification_id, url, attempt, attempted_at, outcome, status_code, error,"
                        + " duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id, url, attempt) DO UPDATE SET"
                        + " attempted_at = excluded.attempted_at, outcome = excluded.outcome, status_code = excluded.status_code,"
                        + " error = excluded.error, duration_ms = excluded.duration_ms")) {
            ps.setString(1, notificationId);
            ps.setString(2, url);
            ps.setInt(3, attempt);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, outcome.name());
            if (status == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, status);
            }
            ps.setString(7, error == null ? null : cut(error));
            ps.setLong(8, durationMillis);
            ps.executeUpdate();
        }
        return null;
    }

    /** Whether some attempt already delivered this notification to this URL. */
    public synchronized boolean delivered(String notificationId, String url) throws SQLException {
        return connection.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM meterflow.notification_deliveries WHERE notification_id = ? AND url = ?"
                            + " AND outcome = 'DELIVERED')")) {
                ps.setString(1, notificationId);
                ps.setString(2, url);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        connection.close();
    }

    private static String cut(String s) {
        // No NUL (text refuses it) and bounded: an error message is a hint, not a payload.
        String t = s.replace('\u0000', '?');
        return t.length() <= 500 ? t : t.substring(0, 500);
    }
}
