package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.oracle.ForwardingUsageStore;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.sink.UsageCommittable;
import io.meterflow.sink.UsageStore;
import io.meterflow.sink.UsageStoreFactory;
import io.meterflow.testkit.BlackholeProxy;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guarantee 1 when PostgreSQL goes silent mid-commit (a failover or a dropped route leaves a
 * half-open connection): the job reaches PostgreSQL through a TCP proxy that stops forwarding
 * after the first statement of a commit's transaction, without closing any socket. The stall is
 * bounded by the configured timeouts (the client's socket and connect timeouts fail the commit;
 * the server ends the abandoned transaction after idle_in_transaction_session_timeout, so its locks
 * do not block the retry), the job restarts, and once forwarding resumes every event is counted
 * exactly once.
 */
class PostgresBlackholeIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    private static final Instant NOW = FLINK.now();
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SOCKET = Duration.ofSeconds(4);
    private static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofSeconds(4);

    static volatile BlackholeProxy proxy;

    /** On the armed apply: blackholes the proxy after the commit's first request and times the failure. */
    static final class StallingStores implements UsageStoreFactory {
        static final AtomicBoolean ARM = new AtomicBoolean();
        static volatile long armedAt;
        static volatile long failedAt;
        private final UsageStoreFactory real;

        StallingStores(UsageStoreFactory real) {
            this.real = real;
        }

        @Override
        public UsageStore open() {
            return new ForwardingUsageStore(real.open()) {
                @Override
                public boolean apply(UsageCommittable c) throws SQLException {
                    boolean armed = ARM.compareAndSet(true, false);
                    if (armed) {
                        armedAt = System.nanoTime();
                        proxy.blackholeAfterNextRequest();
                        FaultKit.LOG.info("Blackholing PostgreSQL inside the commit of {}", c.id());
                    }
                    try {
                        return super.apply(c);
                    } catch (SQLException | RuntimeException e) {
                        if (armed) {
                            failedAt = System.nanoTime();
                            FaultKit.LOG.info("The stalled commit failed after {} ms: {}",
                                    (failedAt - armedAt) / 1_000_000, e.toString());
                        }
                        throw e;
                    }
                }
            };
        }
    }

    @Test
    void postgresBlackholedMidCommitStallsNoLongerThanTheTimeoutsAndCountsExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("pg-blackhole", 2);
        List<GeneratedEvent> stream = new UsageStreamGenerator(503L, NOW, 6).generate(1_500);
        int third = stream.size() / 3;
        try (BlackholeProxy p = BlackholeProxy.forJdbcUrl(fx.database.jdbcUrl())) {
            proxy = p;
            String yaml = fx.configYaml("").replace("  url: " + fx.database.jdbcUrl() + "\n",
                    "  url: " + p.proxiedJdbcUrl(fx.database.jdbcUrl()) + "\n"
                            + "  connectTimeout: " + CONNECT.toSeconds() + "s\n"
                            + "  socketTimeout: " + SOCKET.toSeconds() + "s\n"
                            + "  statementTimeout: 3s\n"
                            + "  lockTimeout: 1s\n"
                            + "  idleInTransactionTimeout: " + IDLE_IN_TRANSACTION.toSeconds() + "s\n");
            assertThat(yaml).contains("socketTimeout");
            JobClient job = FaultKit.startYaml(yaml, null, StallingStores::new);
            try {
                fx.produce(stream.subList(0, third));
                MeterflowFixture.await("first commits", Duration.ofMinutes(2), () -> fx.counter("", "events_read") > 0);
                fx.produce(stream.subList(third, 2 * third));
                StallingStores.ARM.set(true);

                // While the commit hangs: the longest a job backend stays idle in its abandoned transaction.
                long maxIdleInTransactionMs = 0;
                boolean sawAbandonedTransaction = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (StallingStores.failedAt == 0 && System.nanoTime() < deadline) {
                    long idle = longestIdleInTransactionMs(fx);
                    if (idle >= 0 && StallingStores.armedAt != 0) {
                        sawAbandonedTransaction = true;
                        maxIdleInTransactionMs = Math.max(maxIdleInTransactionMs, idle);
                    }
                    Thread.sleep(100);
                }
                assertThat(StallingStores.failedAt).as("the blackholed commit failed (it hung 60 s otherwise)").isNotZero();
                Duration stall = Duration.ofNanos(StallingStores.failedAt - StallingStores.armedAt);
                FaultKit.LOG.info("Commit stalled {} ms; a backend stayed idle in transaction up to {} ms", stall.toMillis(),
                        maxIdleInTransactionMs);
                // One read times out (socket), the one reconnect attempt times out (connect): nothing waits longer.
                assertThat(stall).as("stall of the blackholed commit").isLessThanOrEqualTo(SOCKET.plus(CONNECT).plus(SLACK));
                assertThat(sawAbandonedTransaction).as("the blackhole caught a transaction mid-flight").isTrue();
                assertThat(Duration.ofMillis(maxIdleInTransactionMs)).as("the server ended the abandoned transaction")
                        .isLessThanOrEqualTo(IDLE_IN_TRANSACTION.plus(Duration.ofMillis(1_500)));

                Thread.sleep(4_000); // restarts meet the blackhole too (each bounded by the connect timeout)
                p.resume();
                FaultKit.LOG.info("Forwarding resumed after {} connections", p.connections());
                fx.produce(stream.subList(2 * third, stream.size()));
                FaultKit.awaitRead(fx, stream.size(), Duration.ofMinutes(3));
            } finally {
                FaultKit.cancelQuietly(job);
            }
        } finally {
            proxy = null;
        }
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        fx.assertCountersEqualOracle(oracle);
        fx.assertEqualsOracle(oracle, NOW.minus(Duration.ofDays(8)), NOW.plus(Duration.ofDays(1)));
        FaultKit.LOG.info("PostgresBlackholeIT took {} s", FaultKit.seconds(t0));
    }

    /** Milliseconds the longest job backend (application meterflow) has been idle in a transaction; -1 when none. */
    private static long longestIdleInTransactionMs(MeterflowFixture fx) {
        try (Connection c = fx.database.connect();
                PreparedStatement s = c.prepareStatement("SELECT coalesce(max(extract(epoch FROM now() - state_change) * 1000), -1)"
                        + " FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'meterflow'"
                        + " AND state LIKE 'idle in transaction%'");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
