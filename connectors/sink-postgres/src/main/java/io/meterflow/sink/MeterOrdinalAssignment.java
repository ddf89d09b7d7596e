package io.meterflow.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Gives every configured meter slug its permanent number in {@code meterflow.meter_ordinals}, the
 * next free one for a slug seen for the first time. Runs inside the caller's transaction.
 */
final class MeterOrdinalAssignment {

    private MeterOrdinalAssignment() {}

    /**
     * The numbers of all slugs ever assigned, {@code slugs} and every meter {@code meterflow.meters}
     * knows included (a meter no longer configured may still be remembered in restored state).
     */
    static Map<String, Integer> assign(Connection conn, List<String> slugs) throws SQLException {
        try (Statement st = conn.createStatement()) {
            // Two jobs starting at once must not hand the same number to different slugs.
            st.execute("LOCK TABLE meterflow.meter_ordinals IN SHARE ROW EXCLUSIVE MODE");
        }
        Map<String, Integer> ordinals = new HashMap<>();
        int next = 0;
        try (PreparedStatement ps = conn.prepareStatement("SELECT slug, ordinal FROM meterflow.meter_ordinals");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ordinals.put(rs.getString(1), rs.getInt(2));
                next = Math.max(next, rs.getInt(2) + 1);
            }
        }
        TreeSet<String> missing = new TreeSet<>(slugs); // sorted: the same catalog numbers the same way
        try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT slug FROM meterflow.meters");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                missing.add(rs.getString(1));
            }
        }
        missing.removeAll(ordinals.keySet());
        if (missing.isEmpty()) {
            return ordinals;
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO meterflow.meter_ordinals (slug, ordinal) VALUES (?, ?)")) {
            for (String slug : missing) {
                ps.setString(1, slug);
                ps.setInt(2, next);
                ps.addBatch();
                ordinals.put(slug, next++);
            }
            ps.executeBatch();
        }
        return ordinals;
    }
}
