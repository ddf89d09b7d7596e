package io.meterflow.it.faults;

import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.sink.UsageStoreFactory;
import io.meterflow.testkit.PostgresDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
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
        return MeterflowFixture.startJob(yaml, savepoint, wrapStores);
    }

    /** As {@link #start(MeterflowFixture, String, String, UnaryOperator)}, at {@code parallelism}. */
    static JobClient start(MeterflowFixture fx, String extraYaml, String savepoint, int parallelism) throws Exception {
        return MeterflowFixture.startJob(fx.configYaml(extraYaml), savepoint, null, parallelism);
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

    /** {@code fx.configYaml(extra)} with only {@code meters} in its meters list. */
    static String yamlWithMeters(MeterflowFixture fx, String extra, java.util.List<io.meterflow.it.oracle.OracleMeter> meters) {
        String all = fx.configYaml(extra);
        StringBuilder y = new StringBuilder(all.substring(0, all.indexOf("meters:\n") + "meters:\n".length()));
        meters.forEach(m -> y.append(m.yaml()));
        return y.toString();
    }

    /** As {@link MeterflowFixture#assertEqualsOracle}, for some meters only. */
    static void assertMetersEqualOracle(MeterflowFixture fx, io.meterflow.it.oracle.UsageOracle oracle,
            java.util.List<io.meterflow.it.oracle.OracleMeter> meters, java.time.Instant from, java.time.Instant to)
            throws Exception {
        for (io.meterflow.it.oracle.OracleMeter m : meters) {
            boolean avg = m.aggregation().equals("AVG");
            java.util.List<String> groups = java.util.List.copyOf(m.groupBy().keySet());
            org.assertj.core.api.Assertions.assertThat(
                            MeterflowFixture.normalized(fx.queryUsage(m.slug(), from, to, m.windowSize(), groups), avg))
                    .as("windows of %s", m.slug())
                    .isEqualTo(MeterflowFixture.normalized(oracle.windows(m.slug()), avg));
            org.assertj.core.api.Assertions.assertThat(
                            MeterflowFixture.normalized(fx.queryUsage(m.slug(), from, to, null, groups), avg))
                    .as("totals of %s", m.slug())
                    .isEqualTo(MeterflowFixture.normalized(oracle.totals(m.slug()), avg));
        }
    }

    /** Deliveries a meter sees (counted + duplicates) in a stream, per the oracle. */
    static long deliveries(io.meterflow.it.oracle.UsageOracle oracle, String meter) {
        return oracle.counter(meter, "counted") + oracle.counter(meter, "duplicates");
    }

    static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
