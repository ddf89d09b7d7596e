package io.meterflow.sink;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.config.PostgresConnectionSettings;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;

/** Window deltas committed as the committer commits them: its own statements, hours included. */
final class CommittedWindows {
    private CommittedWindows() {}

    /** A MINUTE meter of generation 1, as the job's start writes it. */
    static void meter(Statement st, String slug, String aggregation, String groupBy) throws SQLException {
        st.execute("INSERT INTO meterflow.meters (generation, slug, event_type, aggregation, window_size, group_by)"
                + " VALUES (1, '" + slug + "', 't', '" + aggregation + "', 'MINUTE', '" + groupBy + "')");
    }

    /** Generation 1's owner row, which every commit and seal locks. */
    static void owner(Statement st) throws SQLException {
        st.execute("INSERT INTO meterflow.pipeline_owner (generation, lineage, job_id, epoch, restored_checkpoint)"
                + " VALUES (1, 'l', 'j', 1, 0)");
    }

    /** Commits {@code windows} in one transaction; returns how many of them fell into hours already sealed. */
    static int commit(PostgresConnectionSettings db, SortedMap<WindowKey, WindowDelta> windows) throws SQLException {
        int late = 0;
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            Map<String, Long> sealed = CommitStatements.sealedHours(c, 1);
            CommitStatements.upsertWindows(c, 1, windows);
            CommitStatements.upsertSealedHours(c, 1, windows, sealed);
            c.commit();
            for (WindowKey k : windows.keySet()) {
                if (k.windowStart() < sealed.getOrDefault(k.meter(), Long.MIN_VALUE)) {
                    late++;
                }
            }
        }
        return late;
    }

    /** A random delta of a one-minute window starting at {@code start}, with the values its aggregation keeps. */
    static WindowDelta randomDelta(Aggregation a, long start, Random random) {
        BigDecimal v = BigDecimal.valueOf(random.nextInt(20_000) - 10_000, random.nextInt(3));
        long latestTime = start + random.nextInt(60_000);
        return WindowDelta.restore(a, start + 60_000, 1 + random.nextInt(5),
                a == Aggregation.SUM || a == Aggregation.AVG || a == Aggregation.TIME_WEIGHTED ? v : null,
                a == Aggregation.MIN ? v : null, a == Aggregation.MAX ? v : null,
                a == Aggregation.LATEST ? latestTime : Long.MIN_VALUE, random.nextLong(), random.nextLong(),
                a == Aggregation.LATEST ? v : null, 0, null, Set.of());
    }
}
