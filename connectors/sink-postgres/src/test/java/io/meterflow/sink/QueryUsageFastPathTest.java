package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.PostgresConnectionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * query_usage's fast path (V10: buckets = stored windows, nothing merged) answers exactly what V2's
 * grouped query answers, row for row and in the same order, for every aggregation it covers, in UTC and
 * in DST zones, with and without a subject, keeping all, some or none of the groupBy keys, including a
 * subject whose rows carry group values of a former groupBy. V2's function is loaded under another name
 * as the reference; and the fast path's plan is an index scan without aggregate or sort.
 */
class QueryUsageFastPathTest {
    private static PostgresConnectionSettings db;

    /** slug, aggregation, stored window size, groupBy keys. */
    private static final String[][] METERS = {
        {"f_count", "COUNT", "MINUTE", "model,region"},
        {"f_sum", "SUM", "MINUTE", "model"},
        {"f_avg", "AVG", "HOUR", ""},
        {"f_min", "MIN", "MINUTE", "model"},
        {"f_max", "MAX", "DAY", ""},
        {"f_latest", "LATEST", "MINUTE", "model"},
        {"f_unique", "UNIQUE_COUNT", "MINUTE", "model"},
        // No groupBy now; subject "s3" has rows written under a former groupBy (model).
        {"f_former", "COUNT", "MINUTE", ""},
    };
    private static final String[] SUBJECTS = {"s1", "s2", "s3"};

    @BeforeAll
    static void load() throws Exception {
        db = PostgresTestSupport.migratedDatabase(QueryUsageFastPathTest.class);
        try (Connection c = db.open(); Statement st = c.createStatement()) {
            st.execute(referenceFunction());
            Random random = new Random(42);
            for (String[] m : METERS) {
                String keys = m[3].isEmpty() ? "{}" : "{" + m[3] + "}";
                st.execute("INSERT INTO meterflow.meters (generation, slug, event_type, aggregation, window_size, group_by)"
                        + " VALUES (1, '" + m[0] + "', 't', '" + m[1] + "', '" + m[2] + "', '" + keys + "')");
                long step = m[2].equals("MINUTE") ? 60 : m[2].equals("HOUR") ? 3600 : 86400;
                StringBuilder values = new StringBuilder();
                for (String subject : SUBJECTS) {
                    // Around the DST changes of Europe/Berlin (Mar 29) and America/New_York (Mar 8), plus a spread.
                    for (int i = 0; i < 400; i++) {
                        long start = m[2].equals("MINUTE") && i < 300
                                ? (i < 150 ? 1774746000L : 1772949600L) + step * random.nextInt(400)
                                : 1772323200L + step * random.nextInt((int) (31L * 86400 / step));
                        String groups = groups(m, subject, random);
                        if (values.length() > 0) {
                            values.append(',');
                        }
                        int n = 1 + random.nextInt(9);
                        String v = random.nextInt(10) == 0 ? "NULL" : (random.nextInt(2000) - 1000) / 8.0 + "";
                        values.append("('").append(m[0]).append("','").append(subject).append("','").append(groups)
                                .append("'::jsonb,to_timestamp(").append(start).append("),to_timestamp(").append(start + step)
                                .append("),").append(n).append(',').append(v).append(',').append(v).append(',').append(v)
                                .append(",to_timestamp(").append(start + random.nextInt((int) step)).append("),")
                                .append("decode(md5('").append(i).append(subject).append("'),'hex'),").append(v).append(")");
                    }
                }
                st.execute("INSERT INTO meterflow.usage_windows (generation, meter, subject, group_values, window_start, window_end,"
                        + " event_count, value_sum, value_min, value_max, latest_time, latest_digest, latest_value)"
                        + " SELECT 1, x.* FROM (VALUES " + values + ") x ON CONFLICT DO NOTHING");
            }
            st.execute("INSERT INTO meterflow.usage_unique_values (generation, meter, subject, group_values, window_start, value)"
                    + " SELECT generation, meter, subject, group_values, window_start, (event_count % 3)::text"
                    + " FROM meterflow.usage_windows WHERE meter = 'f_unique'");
            st.execute("ANALYZE meterflow.usage_windows");
        }
    }

    private static String groups(String[] m, String subject, Random random) {
        if (m[0].equals("f_former")) {
            return subject.equals("s3") && random.nextBoolean() ? "{\"model\": \"old\"}" : "{}";
        }
        if (m[3].isEmpty()) {
            return "{}";
        }
        // s1 has one group value throughout (the single-group case); the others have several, and nulls.
        String model = subject.equals("s1") ? "\"a\"" : new String[] {"\"a\"", "\"b\"", "null"}[random.nextInt(3)];
        return m[3].contains("region") ? "{\"model\": " + model + ", \"region\": " + (subject.equals("s1") ? "\"eu\""
                : new String[] {"\"eu\"", "\"us\""}[random.nextInt(2)]) + "}" : "{\"model\": " + model + "}";
    }

    /** V2's query_usage_impl, as it was before V10, under the name query_usage_grouped. */
    private static String referenceFunction() throws IOException {
        try (InputStream in = QueryUsageFastPathTest.class.getResourceAsStream("/db/migration/meterflow/V2__query_usage.sql")) {
            String v2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int from = v2.indexOf("CREATE FUNCTION meterflow.query_usage_impl(");
            int to = v2.indexOf("CREATE FUNCTION meterflow.query_usage(\n");
            return v2.substring(from, to).replace("meterflow.query_usage_impl(", "meterflow.query_usage_grouped(");
        }
    }

    private static List<String> answer(Connection c, String function, String meter, String window, String zone, String subject,
            String[] keep) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r_subject, r_group_values::text, r_window_start, r_window_end,"
                + " r_value::text FROM meterflow." + function + "(?, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', ?, ?, ?, ?)")) {
            ps.setString(1, meter);
            ps.setString(2, window);
            ps.setString(3, zone);
            ps.setString(4, subject);
            ps.setArray(5, c.createArrayOf("text", keep));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getObject(3, java.time.OffsetDateTime.class).toInstant()
                            + " " + rs.getObject(4, java.time.OffsetDateTime.class).toInstant() + " " + rs.getString(5));
                }
            }
        } catch (SQLException e) {
            // The message and hint; not the "Where" line, which names the function.
            out.add("ERROR " + e.getSQLState() + " " + e.getMessage().replaceAll("\\s*Where: .*", ""));
        }
        return out;
    }

    @Test
    void theFastPathAnswersExactlyWhatTheGroupedQueryAnswers() throws Exception {
        int compared = 0;
        long rows = 0;
        try (Connection c = db.open()) {
            c.setAutoCommit(true);
            for (String[] m : METERS) {
                String[] all = m[3].isEmpty() ? new String[0] : m[3].split(",");
                List<String[]> keeps = new ArrayList<>(List.of(new String[0], all));
                if (all.length > 1) {
                    keeps.add(new String[] {all[1]});
                }
                for (String window : new String[] {m[2], "HOUR", "DAY"}) {
                    for (String zone : new String[] {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}) {
                        for (String subject : new String[] {null, "s1", "s2", "s3"}) {
                            for (String[] keep : keeps) {
                                List<String> expected = answer(c, "query_usage_grouped", m[0], window, zone, subject, keep);
                                List<String> actual = answer(c, "query_usage_impl", m[0], window, zone, subject, keep);
                                assertThat(actual).as("%s %s %s %s %s", m[0], window, zone, subject, String.join(",", keep))
                                        .containsExactlyElementsOf(expected);
                                compared++;
                                rows += expected.size();
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(200);
        assertThat(rows).isGreaterThan(50_000);
    }

    /** The plans of the fast path's statement that {@code sql} ran. */
    private static String plan(Connection c, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (String p : AutoExplain.plans(c, sql)) {
            if (p.contains("Query Text: SELECT w.subject")) {
                out.append(p).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void oneSubjectsStoredWindowsAreAnOrderedIndexRangeScan() throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false); // as the API runs it: a setting the function leaves behind would outlive the call
            String allKept = plan(c, "SELECT * FROM meterflow.query_usage('f_count', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z',"
                    + " 'MINUTE', 'UTC', 's2', ARRAY['model', 'region'])");
            assertThat(allKept).contains("Index Scan using usage_windows_subject_group_time")
                    .doesNotContain("Sort").doesNotContain("Aggregate").doesNotContain("GROUP BY");
            String oneGroup = plan(c, "SELECT * FROM meterflow.query_usage('f_count', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z',"
                    + " 'MINUTE', 'Europe/Berlin', 's1')");
            assertThat(oneGroup).contains("Index Scan using usage_windows_pkey")
                    .doesNotContain("Sort").doesNotContain("Aggregate").doesNotContain("GROUP BY");
            // The grouped path stays for merges: s2 has several groups.
            assertThat(plan(c, "SELECT * FROM meterflow.query_usage('f_count', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z',"
                    + " 'MINUTE', 'UTC', 's2')")).isEmpty();
            // The setting the fast path turns off for its own query is back afterwards.
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW enable_sort")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            c.rollback();
        }
    }
}
