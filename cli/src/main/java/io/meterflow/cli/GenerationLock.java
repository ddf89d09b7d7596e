package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL session advisory lock on one generation, held by a local launcher (run, replay,
 * rebuild, demo) for as long as its job runs: a second launcher on the same generation is refused
 * at once instead of starting a second job from the same checkpoints. The lock is the session's, so
 * it ends with the launcher however it ends (kill -9 closes the connection). Jobs on a Flink
 * cluster are kept apart by the generation's owner in PostgreSQL instead; see {@code OwnershipClaim}.
 */
final class GenerationLock implements AutoCloseable {
    /** First key of the two-key advisory lock: "mflw". */
    private static final int NAMESPACE = 0x6d666c77;

    private final Connection connection;
    private final Optional<String> ownerJobId;

    private GenerationLock(Connection connection, Optional<String> ownerJobId) {
        this.connection = connection;
        this.ownerJobId = ownerJobId;
    }

    static GenerationLock acquire(MeterflowConfig config, int generation) {
        Connection c = Services.postgres(config);
        try {
            String me = "meterflow launcher pid " + ProcessHandle.current().pid() + " on "
                    + ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                ps.setString(1, me.length() > 63 ? me.substring(0, 63) : me);
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, NAMESPACE);
                ps.setInt(2, generation);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        String holder = holder(c, generation);
                        c.close();
                        throw new CliException("another meterflow job is already running on generation " + generation
                                + " of this database" + holder + ". Two jobs on one generation would count every"
                                + " event twice: stop the other one first (Ctrl-C, or `meterflow stop` on a cluster).");
                    }
                }
            }
            return new GenerationLock(c, ownerJobId(c, generation));
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new CliException("cannot lock generation " + generation + " in PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String holder(Connection c, int generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.classid = ? AND l.objid = ? AND l.objsubid = 2"
                        + " AND l.granted LIMIT 1")) {
            ps.setLong(1, NAMESPACE & 0xffffffffL);
            ps.setLong(2, generation & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? " (" + rs.getString(1) + (rs.getString(2) == null ? "" : " from " + rs.getString(2))
                                + ", since " + rs.getTimestamp(3).toInstant() + ")"
                        : "";
            }
        }
    }

    private static Optional<String> ownerJobId(Connection c, int generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job_id FROM meterflow.pipeline_owner WHERE generation = ? AND job_id <> ''")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The Flink job that owned the generation when the lock was taken, if one ever claimed it. */
    Optional<String> ownerJobId() {
        return ownerJobId;
    }

    @Override
    public void close() {
        try {
            connection.close(); // ends the session: the lock goes with it
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
