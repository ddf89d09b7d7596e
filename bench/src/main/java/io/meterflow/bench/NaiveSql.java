package io.meterflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;

/**
 * The naive approach: a consumer that INSERTs every event into an events table, one single-row
 * autocommit statement per event (dedupe by primary key, ON CONFLICT DO NOTHING), and computes
 * usage with a GROUP BY over that table.
 *
 * <p>Single-row inserts are timed on the first {@code sample} records and extrapolated to N; the
 * rest of the topic is then bulk-loaded (COPY, not timed) so the GROUP BY runs over all N events
 * (or, to save benchmark time, the GROUP BY is timed on the sample and scaled linearly to N).
 */
final class NaiveSql {
    static final String GROUP_BY =
            "CREATE TABLE naive_usage AS"
                    + " SELECT type, subject, coalesce(data->>'model', data->>'route') AS grp,"
                    + " date_trunc('minute', time) AS window_start, count(*) AS event_count,"
                    + " sum((data->'usage'->>'total_tokens')::numeric) AS tokens,"
                    + " sum((data->>'latency_ms')::numeric) AS latency"
                    + " FROM bench_events GROUP BY 1, 2, 3, 4";

    /** groupByNanos is for all N rows; measured on them, or scaled linearly from the sample when groupByScaled. */
    record Result(long sample, long sampleNanos, long groupByNanos, long total, boolean groupByScaled) {
        double insertEps() {
            return Stats.rate(sample, sampleNanos);
        }

        /** N / (extrapolated insert time for N + GROUP BY time). */
        double eps() {
            double insertSeconds = total / insertEps();
            return total / (insertSeconds + groupByNanos / 1e9);
        }
    }

    private NaiveSql() {}

    static Result run(String bootstrap, String topic, long total, long sample, boolean fullGroupBy, String jdbcUrl,
            String user, String password) throws Exception {
        sample = Math.min(sample, total);
        ObjectMapper json = new ObjectMapper();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_events, bench_events_stage, naive_usage");
                s.execute("CREATE TABLE bench_events (source text NOT NULL, id text NOT NULL, type text NOT NULL,"
                        + " subject text NOT NULL, time timestamptz NOT NULL, data jsonb, PRIMARY KEY (source, id))");
                s.execute("CREATE UNLOGGED TABLE bench_events_stage (source text, id text, type text, subject text,"
                        + " time timestamptz, data jsonb)");
            }
            c.setAutoCommit(true);
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive-" + System.nanoTime());
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            long seen = 0;
            long sampleNanos = 0;
            StringBuilder csv = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            try (KafkaConsumer<byte[], byte[]> consumer =
                            new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO bench_events VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                consumer.subscribe(List.of(topic));
                long start = System.nanoTime();
                long toRead = fullGroupBy ? total : sample;
                while (seen < toRead) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("naive consumer read only " + seen + " of " + total);
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (seen >= toRead) {
                            break;
                        }
                        String[] row = row(json, r);
                        seen++;
                        if (seen <= sample) {
                            for (int i = 0; i < 4; i++) {
                                insert.setString(i + 1, row[i]);
                            }
                            insert.setTimestamp(5, Timestamp.from(Instant.parse(row[4])));
                            insert.setString(6, row[5]);
                            insert.executeUpdate();
                            if (seen == sample) {
                                sampleNanos = System.nanoTime() - start;
                            }
                        } else {
                            for (int i = 0; i < row.length; i++) {
                                if (i > 0) {
                                    csv.append(',');
                                }
                                csv.append('"').append(row[i].replace("\"", "\"\"")).append('"');
                            }
                            csv.append('\n');
                            if (csv.length() > (8 << 20)) {
                                copy(c, csv);
                            }
                        }
                    }
                }
            }
            copy(c, csv);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO bench_events SELECT * FROM bench_events_stage ON CONFLICT DO NOTHING");
                s.execute("DROP TABLE bench_events_stage");
                s.execute("VACUUM ANALYZE bench_events");
                long g = System.nanoTime();
                s.execute(GROUP_BY);
                long groupByNanos = System.nanoTime() - g;
                if (!fullGroupBy) {
                    groupByNanos = groupByNanos * total / Math.max(1, sample);
                }
                return new Result(sample, sampleNanos, groupByNanos, total, !fullGroupBy);
            }
        }
    }

    private static void copy(Connection c, StringBuilder csv) throws Exception {
        if (csv.length() == 0) {
            return;
        }
        c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY bench_events_stage FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        csv.setLength(0);
    }

    /** source, id, type, subject, time, data (JSON text), from structured or binary mode. */
    static String[] row(ObjectMapper json, ConsumerRecord<byte[], byte[]> r) throws Exception {
        Header ceId = r.headers().lastHeader("ce_id");
        if (ceId != null) {
            return new String[] {
                header(r, "ce_source"), new String(ceId.value(), StandardCharsets.UTF_8), header(r, "ce_type"),
                header(r, "ce_subject"), header(r, "ce_time"), new String(r.value(), StandardCharsets.UTF_8)};
        }
        JsonNode n = json.readTree(r.value());
        return new String[] {
            n.path("source").asText(), n.path("id").asText(), n.path("type").asText(), n.path("subject").asText(),
            n.path("time").asText(), n.path("data").toString()};
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
