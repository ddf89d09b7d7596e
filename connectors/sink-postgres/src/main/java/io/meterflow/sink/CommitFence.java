package io.meterflow.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code meterflow.commit_fence} and the owner row as a commit sees them: the statements that make a
 * commit exactly-once and refuse zombies, deciding with {@link FenceCheck}. Runs inside the caller's
 * transaction; never commits.
 */
final class CommitFence {

    private static final String INSERT_FENCE =
            "INSERT INTO meterflow.commit_fence (generation, lineage, restored_checkpoint, sequence, subtask)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private CommitFence() {}

    /**
     * Zombie fencing: a committable this job prepared commits only while the job owns the generation.
     * The share lock orders commits against a claim (which takes the row for update), so no commit
     * of the old owner lands after another job took over.
     */
    static FenceCheck.Ownership checkOwner(Connection conn, UsageCommittable c, String committerJobId)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT job_id, claimed_at FROM meterflow.pipeline_owner WHERE generation = ? FOR SHARE")) {
            ps.setInt(1, c.id().generation());
            try (ResultSet rs = ps.executeQuery()) {
                FenceCheck.Owner owner = rs.next()
                        ? new FenceCheck.Owner(rs.getString(1), rs.getTimestamp(2).toInstant())
                        : null;
                return FenceCheck.owner(c, committerJobId, owner);
            }
        }
    }

    /** Inserts the committable's fence row; false when it is there already (applied before). */
    static boolean insert(Connection conn, CommitId id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(INSERT_FENCE)) {
            ps.setInt(1, id.generation());
            ps.setString(2, id.lineage());
            ps.setLong(3, id.restoredCheckpoint());
            ps.setLong(4, id.sequence());
            ps.setInt(5, id.subtask());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The committable before this one (same writer, or the restored state's last) must be in the
     * fence: if it is not, PostgreSQL lost commits that the state counts as applied. A later commit of
     * the lineage stands for it too (pruning keeps a row only while no later one exists); rows of
     * this committable's own epoch do not, they may have landed after the loss.
     */
    static FenceCheck.Predecessor checkRequired(Connection conn, UsageCommittable c) throws SQLException {
        CommitPosition req = c.requires();
        if (req == null) {
            return FenceCheck.predecessor(c, false);
        }
        CommitId id = c.id();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM meterflow.commit_fence WHERE generation = ? AND lineage = ? AND ("
                        + " (restored_checkpoint, sequence, subtask) = (?, ?, ?)"
                        + " OR ((restored_checkpoint, sequence) > (?, ?) AND (restored_checkpoint, sequence) <> (?, ?)))"
                        + " LIMIT 1")) {
            int p = 1;
            ps.setInt(p++, id.generation());
            ps.setString(p++, id.lineage());
            ps.setLong(p++, req.restoredCheckpoint());
            ps.setLong(p++, req.sequence());
            ps.setInt(p++, req.subtask());
            ps.setLong(p++, req.restoredCheckpoint());
            ps.setLong(p++, req.sequence());
            ps.setLong(p++, id.restoredCheckpoint());
            ps.setLong(p, id.sequence());
            try (ResultSet rs = ps.executeQuery()) {
                return FenceCheck.predecessor(c, rs.next());
            }
        }
    }

    /** Whether the committable with this id was applied (its fence row exists; pruned rows read false). */
    static boolean isApplied(Connection conn, CommitId id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM meterflow.commit_fence WHERE generation = ? AND lineage = ?"
                        + " AND restored_checkpoint = ? AND sequence = ? AND subtask = ?")) {
            ps.setInt(1, id.generation());
            ps.setString(2, id.lineage());
            ps.setLong(3, id.restoredCheckpoint());
            ps.setLong(4, id.sequence());
            ps.setInt(5, id.subtask());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
