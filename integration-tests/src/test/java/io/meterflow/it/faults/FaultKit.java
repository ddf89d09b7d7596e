package io.meterflow.it.faults;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.testutils.PostgresDatabase;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.sink.PostgresUsageStore;
import io.meterflow.sink.UsageStoreFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the fault tests share: servers of their own (so killing them never disturbs other tests),
 * and starting the real job on the test's MiniCluster, optionally from a savepoint.
 */
final class FaultKit {
    static final Logger LOG = LoggerFactory.getLogger(FaultKit.class);

    private FaultKit() {}

    /** {@code target/fault-services/<name>-<pid>}: one directory per test JVM and fault test. */
    static Path workDir(String name) {
        try {
            return Files.createDirectories(Paths.get("target", "fault-services", name + "-" + ProcessHandle.current().pid())
                    .toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Kafka broker only this test uses (stop, kill and restart it at will). */
    static EmbeddedKafkaBroker ownKafka(String name) throws IOException {
        return EmbeddedKafkaBroker.start(workDir(name).resolve("kafka"));
    }

    /** A PostgreSQL server only this test uses, with one database {@code meterflow}. */
    static EmbeddedPostgresServer ownPostgres(String name) throws IOException {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(workDir(name).resolve("postgres"));
        pg.createDatabase("meterflow");
        return pg;
    }

    static PostgresDatabase database(EmbeddedPostgresServer pg) {
        return new PostgresDatabase(pg.jdbcUrl("meterflow"), pg.user(), pg.password());
    }

    /** Starts the real job (prepare + build) at parallelism 2; {@code savepoint} null starts without state. */
    static JobClient start(MeterflowFixture fx, String extraYaml, String savepoint,
            UnaryOperator<UsageStoreFactory> wrapStores) throws Exception {
        return startYaml(fx.configYaml(extraYaml), savepoint, wrapStores);
    }

    /** As {@link #start(MeterflowFixture, String, String, UnaryOperator)} with a whole config. */
    static JobClient startYaml(String yaml, String savepoint, UnaryOperator<UsageStoreFactory> wrapStores)
            throws Exception {
        MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
        JobOptions options = MeterflowJob.prepare(config, JobOptions.live());
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        env.setParallelism(2);
        var settings = config.postgres().connectionSettings();
        UsageStoreFactory real = () -> new PostgresUsageStore(settings);
        MeterflowJob.build(env, config, options, wrapStores == null ? real : wrapStores.apply(real));
        return env.executeAsync("meterflow-fault-it");
    }

    static JobClient start(MeterflowFixture fx, String extraYaml) throws Exception {
        return start(fx, extraYaml, null, null);
    }

    /** Waits until events_read reaches {@code expected} (never more than that when the assertions run). */
    static void awaitRead(MeterflowFixture fx, long expected, Duration timeout) throws InterruptedException {
        MeterflowFixture.await("events_read = " + expected + " (now " + fx.counter("", "events_read") + ")", timeout,
                () -> fx.counter("", "events_read") >= expected);
    }

    static void cancelQuietly(JobClient job) {
        if (job == null) {
            return;
        }
        try {
            job.cancel().get();
        } catch (Exception e) {
            LOG.info("cancel: {}", e.toString());
        }
    }

    static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
