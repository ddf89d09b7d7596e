package io.meterflow.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code meterflow.meters} in step with the configured meters, so that query_usage reads each
 * generation's rows with the definitions they were written with. Runs inside the caller's transaction.
 */
final class MeterSync {

    private MeterSync() {}

    /**
     * Records the meters of {@code generation} (insert or update; meters no longer configured stay,
     * their rows remain queryable). Creates the generation row if it is missing.
     *
     * @throws IllegalStateException naming every meter whose aggregation or window size differs from
     *     what this generation stores (its rows would be misread); the caller rolls back, so nothing
     *     is changed then
     */
    static void sync(Connection conn, int generation, List<MeterSchema> meters) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO meterflow.generations (generation, note) VALUES (?, 'created by the meterflow job')"
                        + " ON CONFLICT DO NOTHING")) {
            ps.setInt(1, generation);
            ps.executeUpdate();
        }
        Map<String, String[]> stored = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT slug, aggregation, window_size FROM meterflow.meters WHERE generation = ?"
                        + " ORDER BY slug FOR UPDATE")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
        }
        List<String> conflicts = new ArrayList<>();
        for (MeterSchema m : meters) {
            String[] s = stored.get(m.slug());
            if (s != null && (!s[0].equals(m.aggregation().name()) || !s[1].equals(m.windowSize().name()))) {
                conflicts.add("meter '" + m.slug() + "' is stored as " + s[0] + " per " + s[1]
                        + " but configured as " + m.aggregation() + " per " + m.windowSize());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("Meter definitions changed for generation " + generation + ": "
                    + String.join("; ", conflicts) + ". Stored rows would be misread: restore the old"
                    + " definition, use a new meter slug, or run `meterflow rebuild` to recompute into a new"
                    + " generation.");
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO meterflow.meters AS m (generation, slug, event_type, aggregation, window_size,"
                        + " group_by, value_property, unit, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())"
                        + " ON CONFLICT (generation, slug) DO UPDATE SET event_type = EXCLUDED.event_type,"
                        + " group_by = EXCLUDED.group_by, value_property = EXCLUDED.value_property,"
                        + " unit = EXCLUDED.unit, updated_at = now()"
                        + " WHERE (m.event_type, m.group_by, m.value_property, m.unit)"
                        + " IS DISTINCT FROM (EXCLUDED.event_type, EXCLUDED.group_by, EXCLUDED.value_property, EXCLUDED.unit)")) {
            for (MeterSchema m : meters) {
                ps.setInt(1, generation);
                ps.setString(2, m.slug());
                ps.setString(3, m.eventType());
                ps.setString(4, m.aggregation().name());
                ps.setString(5, m.windowSize().name());
                ps.setArray(6, conn.createArrayOf("text", m.groupBy().toArray(new String[0])));
                ps.setString(7, m.valueProperty());
                // A way of reading the rows, not of counting them: it may change without a rebuild.
                ps.setString(8, m.unit() == null ? null : m.unit().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
