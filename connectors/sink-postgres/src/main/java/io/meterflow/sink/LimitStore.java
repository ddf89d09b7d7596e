package io.meterflow.sink;

import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.limit.Limit;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.PeriodUnit;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable copy of usage limits in PostgreSQL ({@code meterflow.limits}, {@code default_limits},
 * {@code limit_resets}; migration V9), in plain JDBC. Every change runs in a {@link Change}: the row is
 * written (and locked) first, then the caller publishes the change to the limits topic, then the
 * transaction commits, so concurrent writers of one (meter, subject) reach PostgreSQL and the topic in
 * the same order, and a publish that fails leaves nothing applied.
 */
public final class LimitStore {
    private final PostgresConnectionSettings settings;

    public LimitStore(PostgresConnectionSettings settings) {
        this.settings = settings;
    }

    /** The meter slugs of the active generation, sorted (the job writes them at start-up). */
    public List<String> meters() throws SQLException {
        try (Connection c = settings.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT m.slug FROM meterflow.meters m JOIN meterflow.active_generation a ON a.generation = m.generation ORDER BY m.slug");
                ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /**
     * True if the active generation has usage of {@code subject} in any meter: one primary-key probe per
     * meter (the key starts with generation, meter, subject), not a scan.
     */
    public boolean subjectKnown(String subject) throws SQLException {
        try (Connection c = settings.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM meterflow.meters m JOIN meterflow.active_generation a ON a.generation = m.generation"
                        + " WHERE EXISTS (SELECT 1 FROM meterflow.usage_windows w WHERE w.generation = m.generation"
                        + " AND w.meter = m.slug AND w.subject = ?))")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Subject limits and default limits (subject null), filtered by meter and subject when not null. */
    public List<Limit> list(String meter, String subject) throws SQLException {
        String sql = "SELECT meter, subject, limit_value, period, time_zone, anchor FROM ("
                + " SELECT meter, subject, limit_value, period, time_zone, anchor FROM meterflow.limits"
                + " UNION ALL SELECT meter, NULL, limit_value, period, time_zone, anchor FROM meterflow.default_limits) x"
                + " WHERE (?::text IS NULL OR meter = ?) AND (?::text IS NULL OR subject = ? OR subject IS NULL)"
                + " ORDER BY meter, subject NULLS FIRST";
        try (Connection c = settings.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, meter);
            ps.setString(2, meter);
            ps.setString(3, subject);
            ps.setString(4, subject);
            try (ResultSet rs = ps.executeQuery()) {
                List<Limit> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Limit(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), new PeriodSchedule(
                            PeriodUnit.valueOf(rs.getString(4)), ZoneId.of(rs.getString(5)), rs.getObject(6, LocalDateTime.class))));
                }
                return out;
            }
        }
    }

    /** Opens a transaction for one change; {@link Change#commit} applies it, {@link Change#close} without it rolls back. */
    public Change begin() throws SQLException {
        Connection c = settings.open();
        c.setAutoCommit(false);
        return new Change(c);
    }

    /** One change, not yet visible: write, publish, then commit. */
    public static final class Change implements AutoCloseable {
        private final Connection c;
        private boolean done;

        private Change(Connection c) {
            this.c = c;
        }

        /** Creates or replaces a subject's limit, or a meter's default (subject null). */
        public void set(Limit l) throws SQLException {
            String sql = l.isDefault()
                    ? "INSERT INTO meterflow.default_limits (meter, limit_value, period, time_zone, anchor) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (meter) DO UPDATE SET limit_value = excluded.limit_value, period = excluded.period,"
                            + " time_zone = excluded.time_zone, anchor = excluded.anchor, updated_at = now()"
                    : "INSERT INTO meterflow.limits (meter, limit_value, period, time_zone, anchor, subject) VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (meter, subject) DO UPDATE SET limit_value = excluded.limit_value, period = excluded.period,"
                            + " time_zone = excluded.time_zone, anchor = excluded.anchor, updated_at = now()";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, l.meter());
                ps.setBigDecimal(2, l.value());
                ps.setString(3, l.schedule().unit().name());
                ps.setString(4, l.schedule().zone().getId());
                ps.setObject(5, l.schedule().anchor());
                if (!l.isDefault()) {
                    ps.setString(6, l.subject());
                }
                ps.executeUpdate();
            }
        }

        /** Deletes a subject's limit, or a meter's default (subject null); false if there was none. */
        public boolean delete(String meter, String subject) throws SQLException {
            String sql = subject == null ? "DELETE FROM meterflow.default_limits WHERE meter = ?"
                    : "DELETE FROM meterflow.limits WHERE meter = ? AND subject = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, meter);
                if (subject != null) {
                    ps.setString(2, subject);
                }
                return ps.executeUpdate() > 0;
            }
        }

        /** Records a manual reset; {@link #latestReset} and {@link #own} then give the state to publish. */
        public void reset(String meter, String subject, Instant at) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO meterflow.limit_resets (meter, subject, reset_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, meter);
                ps.setString(2, subject);
                ps.setTimestamp(3, Timestamp.from(at));
                ps.executeUpdate();
            }
        }

        /** The latest manual reset of (meter, subject), or null: the state the limits topic carries with the limit. */
        public Instant latestReset(String meter, String subject) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT max(reset_at) FROM meterflow.limit_resets WHERE meter = ? AND subject = ?")) {
                ps.setString(1, meter);
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Timestamp t = rs.getTimestamp(1);
                    return t == null ? null : t.toInstant();
                }
            }
        }

        /**
         * The subject's own limit (null: none), locked until commit, so the record published for a reset
         * carries the limit as it stands and a concurrent {@code set} is published after it.
         */
        public Limit own(String meter, String subject) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT limit_value, period, time_zone, anchor FROM meterflow.limits"
                    + " WHERE meter = ? AND subject = ? FOR UPDATE")) {
                ps.setString(1, meter);
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    BigDecimal v = rs.getBigDecimal(1);
                    return new Limit(meter, subject, v, new PeriodSchedule(PeriodUnit.valueOf(rs.getString(2)),
                            ZoneId.of(rs.getString(3)), rs.getObject(4, LocalDateTime.class)));
                }
            }
        }

        public void commit() throws SQLException {
            c.commit();
            done = true;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!done) {
                    c.rollback();
                }
            } finally {
                c.close();
            }
        }
    }
}
