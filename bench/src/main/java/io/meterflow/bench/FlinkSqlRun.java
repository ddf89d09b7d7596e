package io.meterflow.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * What a Flink user would write instead: Flink SQL over the same topic (both CloudEvents modes),
 * ROW_NUMBER dedupe on (source, id), a one-minute TUMBLE window per meter and the JDBC connector's
 * upsert sink (PostgreSQL dialect, ON CONFLICT DO UPDATE). The source is bounded at the topic's
 * latest offsets, so the job ends once everything is aggregated and flushed.
 */
final class FlinkSqlRun {
    record Result(long nanos, long countedEvents, long rows) {}

    private FlinkSqlRun() {}

    static String sourceDdl(String bootstrap, String topic) {
        String data = "ROW<`model` STRING, `region` STRING, `route` STRING, `latency_ms` DECIMAL(20, 3),"
                + " `usage` ROW<`prompt_tokens` BIGINT, `total_tokens` BIGINT>>";
        return "CREATE TABLE events (\n"
                + "  `id` STRING, `source` STRING, `type` STRING, `subject` STRING, `time` STRING,\n"
                + "  `data` " + data + ",\n"
                + "  -- binary mode: the value is the data object itself, attributes in ce_* headers\n"
                + "  `model` STRING, `region` STRING, `route` STRING, `latency_ms` DECIMAL(20, 3),\n"
                + "  `usage` ROW<`prompt_tokens` BIGINT, `total_tokens` BIGINT>,\n"
                + "  `headers` MAP<STRING, BYTES> METADATA,\n"
                + "  `ce_id` AS COALESCE(`id`, CAST(`headers`['ce_id'] AS STRING)),\n"
                + "  `ce_source` AS COALESCE(`source`, CAST(`headers`['ce_source'] AS STRING)),\n"
                + "  `ce_type` AS COALESCE(`type`, CAST(`headers`['ce_type'] AS STRING)),\n"
                + "  `ce_subject` AS COALESCE(`subject`, CAST(`headers`['ce_subject'] AS STRING)),\n"
                + "  `ts` AS TO_TIMESTAMP(COALESCE(`time`, CAST(`headers`['ce_time'] AS STRING)),"
                + " 'yyyy-MM-dd''T''HH:mm:ss.SSS''Z'''),\n"
                + "  `proc` AS PROCTIME(),\n"
                + "  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' MINUTE\n"
                + ") WITH (\n"
                + "  'connector' = 'kafka', 'topic' = '" + topic + "',\n"
                + "  'properties.bootstrap.servers' = '" + bootstrap + "',\n"
                + "  'properties.group.id' = 'bench-sql-" + System.nanoTime() + "',\n"
                + "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',\n"
                + "  'format' = 'json', 'json.ignore-parse-errors' = 'true', 'json.fail-on-missing-field' = 'false'\n"
                + ")";
    }

    static final String CE_VIEW = "CREATE TEMPORARY VIEW ce AS SELECT ce_id, ce_source, ce_type, ce_subject, ts, proc,\n"
            + "  COALESCE(`data`.`model`, `model`) AS model, COALESCE(`data`.`region`, `region`) AS region,\n"
            + "  COALESCE(`data`.`route`, `route`) AS route, COALESCE(`data`.`latency_ms`, `latency_ms`) AS latency_ms,\n"
            + "  COALESCE(`data`.`usage`.`total_tokens`, `usage`.`total_tokens`) AS total_tokens,\n"
            + "  COALESCE(`data`.`usage`.`prompt_tokens`, `usage`.`prompt_tokens`) AS prompt_tokens\n"
            + "FROM events";

    static final String DEDUPE_VIEW = "CREATE TEMPORARY VIEW deduped AS SELECT * FROM (\n"
            + "  SELECT *, ROW_NUMBER() OVER (PARTITION BY ce_source, ce_id ORDER BY proc ASC) AS rn FROM ce)\n"
            + "WHERE rn = 1";

    static String sinkDdl(String jdbcUrl, String user, String password) {
        return "CREATE TABLE usage_sink (meter STRING, subject STRING, grp STRING, window_start TIMESTAMP(3),\n"
                + "  event_count BIGINT, value_sum DECIMAL(38, 3), value_max DECIMAL(38, 3),\n"
                + "  PRIMARY KEY (meter, subject, grp, window_start) NOT ENFORCED\n"
                + ") WITH ('connector' = 'jdbc', 'url' = '" + jdbcUrl + "', 'table-name' = 'flink_sql_usage',\n"
                + "  'username' = '" + user + "', 'password' = '" + password + "',\n"
                + "  'sink.buffer-flush.max-rows' = '1000', 'sink.buffer-flush.interval' = '1s')";
    }

    /** One INSERT per meter; each reads the deduped view through a one-minute TUMBLE window. */
    static List<String> inserts(Scenario scenario) {
        List<String> out = new ArrayList<>();
        out.add(window("llm_tokens", "llm.completion", "model", "SUM(total_tokens)", "NULL"));
        out.add(window("api_requests", "api.request", "route", "NULL", "NULL"));
        if (scenario.threeMeters) {
            out.add(window("llm_calls", "llm.completion", "region", "NULL", "NULL"));
            out.add(window("llm_prompt_max", "llm.completion", null, "NULL", "MAX(prompt_tokens)"));
            out.add(window("api_latency", "api.request", null, "SUM(latency_ms)", "NULL"));
            out.add(window("api_latency_max", "api.request", "route", "NULL", "MAX(latency_ms)"));
        }
        return out;
    }

    private static String window(String meter, String type, String group, String sum, String max) {
        String grp = group == null ? "''" : "COALESCE(" + group + ", '')";
        return "INSERT INTO usage_sink SELECT '" + meter + "', ce_subject, " + grp + ", window_start, COUNT(*),\n"
                + "  CAST(" + sum + " AS DECIMAL(38, 3)), CAST(" + max + " AS DECIMAL(38, 3))\n"
                + "FROM TABLE(TUMBLE(TABLE deduped, DESCRIPTOR(ts), INTERVAL '1' MINUTE))\n"
                + "WHERE ce_type = '" + type + "'\n"
                + "GROUP BY ce_subject, " + (group == null ? "" : group + ", ") + "window_start, window_end";
    }

    static Result run(BenchCluster cluster, String bootstrap, String topic, String jdbcUrl, String user, String password, int parallelism,
            Duration checkpointInterval, Path checkpointDir, Scenario scenario) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS flink_sql_usage");
            s.execute("CREATE TABLE flink_sql_usage (meter text, subject text, grp text, window_start timestamp,"
                    + " event_count bigint, value_sum numeric, value_max numeric,"
                    + " PRIMARY KEY (meter, subject, grp, window_start))");
        }
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(checkpointInterval.toMillis()));
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = cluster.environment(parallelism);
        env.configure(conf);
        cluster.overrideJobSettings(env);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.executeSql(sourceDdl(bootstrap, topic));
        t.executeSql(CE_VIEW);
        t.executeSql(DEDUPE_VIEW);
        t.executeSql(sinkDdl(jdbcUrl, user, password));
        StatementSet set = t.createStatementSet();
        for (String insert : inserts(scenario)) {
            set.addInsertSql(insert);
        }
        long start = System.nanoTime();
        TableResult result = set.execute();
        result.await();
        long nanos = System.nanoTime() - start;
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(sum(event_count), 0), count(*) FROM flink_sql_usage")) {
            rs.next();
            return new Result(nanos, rs.getLong(1), rs.getLong(2));
        }
    }
}
