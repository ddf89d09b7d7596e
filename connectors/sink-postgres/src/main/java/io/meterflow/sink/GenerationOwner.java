package io.meterflow.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore interlock and zombie fencing at start (guarantees 4 and 8) against {@code
 * meterflow.pipeline_owner}: reads the facts {@link OwnershipClaim#decide} needs under the owner
 * row's lock and records its outcome. Runs inside the caller's transaction.
 */
final class GenerationOwner {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationOwner.class);

    private GenerationOwner() {}

    /**
     * Takes or joins ownership of the claim's generation, deciding with {@link OwnershipClaim#decide}
     * on facts read under the owner row's lock: claims are serialized, and a claim waits for commits
     * in flight (they hold the row in share mode). The caller commits; a refusal rolls back here.
     */
    static void claim(Connection conn, OwnershipClaim claim) throws SQLException {
        int g = claim.generation();
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO meterflow.pipeline_owner (generation, lineage, job_id, epoch, restored_checkpoint)"
                        + " VALUES (?, '', '', 0, 0) ON CONFLICT DO NOTHING")) {
            ps.setInt(1, g);
            ps.executeUpdate();
        }
        OwnershipClaim.Owner owner;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT o.lineage, o.job_id, o.epoch, o.claimed_at,"
                        + " (SELECT max(f.committed_at) FROM meterflow.commit_fence f"
                        + "  WHERE f.generation = o.generation AND f.lineage = o.lineage)"
                        + " FROM meterflow.pipeline_owner o WHERE o.generation = ? FOR UPDATE OF o")) {
            ps.setInt(1, g);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp last = rs.getTimestamp(5);
                owner = new OwnershipClaim.Owner(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), last == null ? null : last.toInstant());
            }
        }
        OwnershipClaim.Outcome outcome;
        try {
            outcome = claim.decide(owner, facts(conn, claim));
        } catch (StaleStateException refused) {
            conn.rollback();
            throw refused;
        }
        if (outcome == OwnershipClaim.Outcome.TAKE_OVER) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE meterflow.pipeline_owner SET lineage = ?, job_id = ?, epoch = epoch + 1,"
                            + " restored_checkpoint = ?, claimed_at = now() WHERE generation = ?")) {
                ps.setString(1, claim.lineage());
                ps.setString(2, claim.jobId());
                ps.setLong(3, claim.restoredCheckpoint());
                ps.setInt(4, g);
                ps.executeUpdate();
            }
            LOG.info("Flink job {} owns generation {} now (lineage {}, previous owner {})", claim.jobId(), g,
                    claim.lineage(), owner.jobId().isEmpty() ? "none" : owner.jobId());
        }
    }

    private static OwnershipClaim.Facts facts(Connection conn, OwnershipClaim claim) throws SQLException {
        int g = claim.generation();
        CommitPosition newer = null;
        String anyLineage = null;
        Instant anyAt = null;
        Integer otherGeneration = null;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT restored_checkpoint, sequence, subtask FROM meterflow.commit_fence"
                        + " WHERE generation = ? AND lineage = ? AND (restored_checkpoint, sequence) > (?, ?)"
                        + " ORDER BY restored_checkpoint DESC, sequence DESC LIMIT 1")) {
            ps.setInt(1, g);
            ps.setString(2, claim.lineage());
            ps.setLong(3, claim.coveredRestore());
            ps.setLong(4, claim.coveredSequence());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    newer = new CommitPosition(rs.getLong(1), rs.getLong(2), rs.getInt(3));
                }
            }
        }
        if (claim.fresh()) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT lineage, max(committed_at) AS last FROM meterflow.commit_fence"
                            + " WHERE generation = ? GROUP BY lineage ORDER BY last DESC LIMIT 1")) {
                ps.setInt(1, g);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        anyLineage = rs.getString(1);
                        anyAt = rs.getTimestamp(2).toInstant();
                    }
                }
            }
        } else {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT generation FROM meterflow.commit_fence WHERE lineage = ? AND generation <> ? LIMIT 1")) {
                ps.setString(1, claim.lineage());
                ps.setInt(2, g);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        otherGeneration = rs.getInt(1);
                    }
                }
            }
        }
        return new OwnershipClaim.Facts(newer, anyLineage, anyAt, otherGeneration);
    }

    /** The lineage of the generation's owner, "" while nobody claimed it (or it has no owner row). */
    static String ownerLineage(Connection conn, int generation) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT lineage FROM meterflow.pipeline_owner WHERE generation = ?")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }
}
