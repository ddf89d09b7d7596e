package io.meterflow.cli;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.DecimalFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The demo's refreshing per-customer usage table, read through {@code meterflow.query_usage}. */
final class DemoDashboard {

    /** What one redraw shows. */
    record Snapshot(
            Map<String, Map<String, BigDecimal>> tokensByModel,
            Map<String, BigDecimal> requests,
            Map<String, BigDecimal> activeUsers,
            Map<String, Long> counters,
            Map<String, BigDecimal> cpuSeconds,
            Map<String, BigDecimal> storageGbSeconds) {

        /** Without the infrastructure meters. */
        Snapshot(Map<String, Map<String, BigDecimal>> tokensByModel, Map<String, BigDecimal> requests,
                Map<String, BigDecimal> activeUsers, Map<String, Long> counters) {
            this(tokensByModel, requests, activeUsers, counters, Map.of(), Map.of());
        }

        long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    static final String USAGE_SQL = "SELECT subject, group_values::text, value FROM meterflow.query_usage(?, ?, ?, NULL, 'UTC', NULL, ?)";

    /** Pipeline-wide counters under their own names, per-meter ones summed over the meters. */
    static final String COUNTERS_SQL = "SELECT CASE WHEN meter = '' THEN counter ELSE 'meters.' || counter END, sum(value)"
            + " FROM meterflow.counters WHERE generation = (SELECT generation FROM meterflow.active_generation LIMIT 1)"
            + " GROUP BY 1";

    static Snapshot read(Connection c, Instant now) throws SQLException {
        Instant hourAgo = now.minus(1, ChronoUnit.HOURS);
        Instant today = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Map<String, BigDecimal>> tokens = new TreeMap<>();
        for (Object[] row : usage(c, "llm_tokens", hourAgo, now.plusSeconds(1), new String[] {"model"})) {
            tokens.computeIfAbsent((String) row[0], k -> new TreeMap<>())
                    .merge(groupValue((String) row[1], "model"), (BigDecimal) row[2], BigDecimal::add);
        }
        Map<String, BigDecimal> requests = new TreeMap<>();
        for (Object[] row : usage(c, "api_requests", hourAgo, now.plusSeconds(1), new String[0])) {
            requests.merge((String) row[0], (BigDecimal) row[2], BigDecimal::add);
        }
        Map<String, BigDecimal> users = new TreeMap<>();
        for (Object[] row : usage(c, "active_users", today, today.plus(1, ChronoUnit.DAYS), new String[0])) {
            users.merge((String) row[0], (BigDecimal) row[2], BigDecimal::add);
        }
        Map<String, BigDecimal> cpu = new TreeMap<>();
        for (Object[] row : usage(c, "cpu_seconds", hourAgo, now.plusSeconds(1), new String[0])) {
            cpu.merge((String) row[0], (BigDecimal) row[2], BigDecimal::add);
        }
        Map<String, BigDecimal> storage = new TreeMap<>();
        for (Object[] row : usage(c, "storage_gb_seconds", hourAgo, now.plusSeconds(1), new String[0])) {
            storage.merge((String) row[0], (BigDecimal) row[2], BigDecimal::add);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(COUNTERS_SQL); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counters.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new Snapshot(tokens, requests, users, counters, cpu, storage);
    }

    private static java.util.List<Object[]> usage(Connection c, String meter, Instant from, Instant to, String[] groupBy)
            throws SQLException {
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(USAGE_SQL)) {
            ps.setString(1, meter);
            ps.setObject(2, java.time.OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, java.time.OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            Array array = c.createArrayOf("text", groupBy);
            ps.setArray(4, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getBigDecimal(3)});
                }
            }
        }
        return rows;
    }

    /** {"model": "gpt-4o"} → gpt-4o (tiny, avoids a JSON parse per row). */
    static String groupValue(String json, String key) {
        if (json == null) {
            return "-";
        }
        int k = json.indexOf("\"" + key + "\"");
        if (k < 0) {
            return "-";
        }
        int colon = json.indexOf(':', k);
        String rest = json.substring(colon + 1).trim();
        if (rest.startsWith("\"")) {
            return rest.substring(1, rest.indexOf('"', 1));
        }
        return "-";
    }

    static String render(Snapshot s, String header, Iterable<String> footer) {
        DecimalFormat n = new DecimalFormat("#,##0");
        TreeSet<String> customers = new TreeSet<>();
        customers.addAll(s.tokensByModel().keySet());
        customers.addAll(s.requests().keySet());
        customers.addAll(s.activeUsers().keySet());
        customers.addAll(s.cpuSeconds().keySet());
        customers.addAll(s.storageGbSeconds().keySet());
        DecimalFormat d = new DecimalFormat("#,##0.00");
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (String customer : customers) {
            StringBuilder models = new StringBuilder();
            BigDecimal total = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> e : s.tokensByModel().getOrDefault(customer, Map.of()).entrySet()) {
                models.append(models.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(n.format(e.getValue()));
                total = total.add(e.getValue());
            }
            rows.add(new String[] {customer, n.format(total) + (models.length() == 0 ? "" : " (" + models + ")"),
                    n.format(s.requests().getOrDefault(customer, BigDecimal.ZERO)),
                    d.format(s.cpuSeconds().getOrDefault(customer, BigDecimal.ZERO)),
                    d.format(s.storageGbSeconds().getOrDefault(customer, BigDecimal.ZERO)
                            .divide(BigDecimal.valueOf(3600), 6, java.math.RoundingMode.HALF_EVEN)),
                    n.format(s.activeUsers().getOrDefault(customer, BigDecimal.ZERO))});
        }
        String[] h1 = {"customer", "LLM tokens, last hour (by model)", "API requests", "CPU seconds", "storage GB-hours",
            "active users"};
        String[] h2 = {"", "", "last hour", "last hour", "last hour", "today (UTC)"};
        int[] w = new int[h1.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(h1[i].length(), h2[i].length());
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        String fmt = "%-" + w[0] + "s  %-" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %" + w[4] + "s  %" + w[5] + "s%n";
        StringBuilder b = new StringBuilder();
        b.append(header).append('\n').append('\n');
        b.append(String.format(fmt, (Object[]) h1));
        b.append(String.format(fmt, (Object[]) h2));
        b.append("-".repeat(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 10)).append('\n');
        if (rows.isEmpty()) {
            b.append("(no usage committed yet: the first rows appear after the first checkpoint)\n");
        }
        for (String[] r : rows) {
            b.append(String.format(fmt, (Object[]) r));
        }
        b.append('\n');
        b.append(String.format("pipeline: read %s | counted %s | duplicates %s | rejected %s (events) + %s (per meter) | late %s%n",
                n.format(s.counter("events_read")), n.format(s.counter("meters.counted")),
                n.format(s.counter("meters.duplicates")), n.format(s.counter("events_rejected")),
                n.format(s.counter("meters.rejected")), n.format(s.counter("meters.late"))));
        for (String line : footer) {
            b.append(line).append('\n');
        }
        return b.toString();
    }
}
