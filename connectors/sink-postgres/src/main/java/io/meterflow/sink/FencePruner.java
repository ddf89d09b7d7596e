package io.meterflow.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Keeps {@code meterflow.commit_fence} from growing forever without losing a row the fence or the
 * interlock still needs. Runs inside the caller's transaction.
 */
final class FencePruner {

    private FencePruner() {}

    /**
     * Deletes fence rows committed more than {@code retention} ago, except, per lineage and writer
     * subtask, the row with the greatest (restored_checkpoint, sequence): the interlock reads the
     * lineage's greatest, and a writer idle for longer than the retention still finds the committable
     * its next one requires (rows of other subtasks' later epochs do not stand in for it). Retention must exceed the
     * age of the oldest checkpoint or savepoint that may still be restored: its committables are
     * re-applied on restore and recognised only by their fence rows.
     *
     * @return the number of rows deleted
     */
    static int prune(Connection conn, int generation, Duration retention) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM meterflow.commit_fence f WHERE f.generation = ?"
                        + " AND f.committed_at < now() - make_interval(secs => ?)"
                        + " AND EXISTS (SELECT 1 FROM meterflow.commit_fence n WHERE n.generation = f.generation"
                        + " AND n.lineage = f.lineage AND n.subtask = f.subtask"
                        + " AND (n.restored_checkpoint, n.sequence) > (f.restored_checkpoint, f.sequence))")) {
            ps.setInt(1, generation);
            ps.setDouble(2, retention.toMillis() / 1000.0);
            return ps.executeUpdate();
        }
    }
}
