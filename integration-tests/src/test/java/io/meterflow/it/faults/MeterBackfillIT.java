package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.it.ProcessKit;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.OracleMeter;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault scenario 8 (guarantees 1, 2 and 5): a meter added to the config of a running deployment is
 * backfilled by {@code ./meterflow replay} from the start of the stream, while the meters that were
 * already there do not change by one unit (the replayed events are their duplicates).
 */
class MeterBackfillIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant FROM = NOW.minus(Duration.ofDays(8));
    private static final Instant TO = NOW.plus(Duration.ofDays(1));

    /** The meters of the first config: every kind of value (SUM with meter rejections, COUNT, AVG, LATEST). */
    private static final Set<String> OLD = Set.of("llm_tokens", "api_requests", "latency_avg", "storage_bytes");

    @Test
    void addedMeterIsBackfilledByReplayAndOldMetersDoNotChange(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        MeterflowFixture fx = new MeterflowFixture("backfill", 2);
        List<OracleMeter> a = MeterflowFixture.METERS.stream().filter(m -> OLD.contains(m.slug())).toList();
        List<OracleMeter> b = MeterflowFixture.METERS.stream().filter(m -> !OLD.contains(m.slug())).toList();
        assertThat(a).hasSize(OLD.size());
        assertThat(b).extracting(OracleMeter::eventType).allMatch(t -> a.stream().anyMatch(m -> m.eventType().equals(t)),
                "every added meter is on an event type the old meters already meter");
        String extra = "  dir: " + tmp.resolve("checkpoints").toUri() + "\njob:\n  parallelism: 2\n";
        Path config = tmp.resolve("meterflow.yaml");
        Files.writeString(config, FaultKit.yamlWithMeters(fx, extra, a), StandardCharsets.UTF_8);

        List<GeneratedEvent> stream = new UsageStreamGenerator(6_008L, NOW, 6).generate(1500);
        List<GeneratedEvent> before = stream.subList(0, stream.size() * 2 / 3);
        List<GeneratedEvent> after = stream.subList(before.size(), stream.size());
        Instant streamStart = Instant.now().minusSeconds(2); // Kafka record timestamps of the stream are later
        fx.produce(before);

        // 1. The old meters only; then kill -9 (run resumes from its newest retained checkpoint).
        Process run1 = Launcher.start(tmp.resolve("run1.out"), tmp.resolve("run1.err"), "run", "-c", config.toString());
        try {
            ProcessKit.awaitWhileAlive("run 1 reads the first part", Duration.ofSeconds(120), run1, tmp.resolve("run1.err"),
                    () -> fx.counter("", "events_read") >= before.size());
            Thread.sleep(2500); // at least one more completed checkpoint
        } finally {
            ProcessKit.kill9(run1);
        }
        UsageOracle oracleBefore = new UsageOracle(a, before);
        for (OracleMeter m : a) {
            assertThat(fx.counter(m.slug(), "counted")).as("%s counted", m.slug()).isEqualTo(oracleBefore.counter(m.slug(), "counted"));
        }
        for (OracleMeter m : b) {
            assertThat(fx.counter(m.slug(), "counted")).as("%s not configured yet", m.slug()).isZero();
        }

        // 2. The new meters added; run resumes from the checkpoint (the new meters have no history) and
        //    meters the rest of the stream live.
        Files.writeString(config, FaultKit.yamlWithMeters(fx, extra, MeterflowFixture.METERS), StandardCharsets.UTF_8);
        Process run2 = Launcher.start(tmp.resolve("run2.out"), tmp.resolve("run2.err"), "run", "-c", config.toString());
        try {
            fx.produce(after);
            ProcessKit.awaitWhileAlive("run 2 reads the rest", Duration.ofSeconds(120), run2, tmp.resolve("run2.err"),
                    () -> fx.counter("", "events_read") >= stream.size());
            Thread.sleep(2500);
            assertThat(Files.readString(tmp.resolve("run2.out"))).contains("resumed from");
        } finally {
            ProcessKit.stop(run2);
        }
        assertThat(fx.counter("", "events_read")).isEqualTo(stream.size());
        UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, stream);
        UsageOracle oracleAfter = new UsageOracle(MeterflowFixture.METERS, after);
        // The old meters are complete; the new ones hold only what arrived after they were added.
        FaultKit.assertMetersEqualOracle(fx, oracle, a, FROM, TO);
        for (OracleMeter m : b) {
            assertThat(fx.counter(m.slug(), "counted")).as("%s before the backfill", m.slug())
                    .isLessThan(oracle.counter(m.slug(), "counted"));
        }
        Map<String, String> oldRows = snapshot(fx, a);
        Map<String, Long> oldCounters = counters(fx, a);
        long rejectionRows = fx.rejectionRows();

        // 3. Replay from the start of the stream: the new meters get their history, the old ones none of it.
        Process replay = Launcher.start(tmp.resolve("replay.out"), tmp.resolve("replay.err"),
                "replay", "-c", config.toString(), "--from", streamStart.toString(), "--exit-when-caught-up");
        try {
            assertThat(replay.waitFor(180, TimeUnit.SECONDS)).as("replay finished").isTrue();
        } finally {
            if (replay.isAlive()) {
                ProcessKit.kill9(replay);
            }
        }
        assertThat(replay.exitValue()).as("replay: %s", Files.readString(tmp.resolve("replay.err"))).isZero();
        assertThat(Files.readString(tmp.resolve("replay.out"))).contains("caught up");

        assertThat(fx.counter("", "events_read")).as("the replay re-read the whole stream").isEqualTo(2L * stream.size());
        assertThat(snapshot(fx, a)).as("old meters' window rows after the replay").isEqualTo(oldRows);
        FaultKit.assertMetersEqualOracle(fx, oracle, MeterflowFixture.METERS, FROM, TO);
        for (OracleMeter m : a) {
            String s = m.slug();
            assertThat(fx.counter(s, "counted")).as("%s counted", s).isEqualTo(oldCounters.get(s + "/counted"))
                    .isEqualTo(oracle.counter(s, "counted"));
            assertThat(fx.counter(s, "duplicates") - oldCounters.get(s + "/duplicates"))
                    .as("%s: every replayed delivery is a duplicate", s).isEqualTo(FaultKit.deliveries(oracle, s));
        }
        for (OracleMeter m : b) {
            String s = m.slug();
            assertThat(fx.counter(s, "counted")).as("%s counted", s).isEqualTo(oracle.counter(s, "counted"));
            // Live after it was added, then the whole stream again in the replay.
            assertThat(fx.counter(s, "duplicates")).as("%s duplicates", s)
                    .isEqualTo(oracle.counter(s, "duplicates") + FaultKit.deliveries(oracleAfter, s));
        }
        assertThat(fx.counter("", "events_read")).isEqualTo(fx.counter("", "events_rejected")
                + fx.counter("", "events_unmatched") + fx.counter("", "events_metered"));
        FaultKit.LOG.info("MeterBackfillIT: rejection rows {} before the replay, {} after", rejectionRows, fx.rejectionRows());
        FaultKit.LOG.info("MeterBackfillIT took {} s", FaultKit.seconds(t0));
    }

    /** Every stored column of the meters' window rows except the commit timestamp, keyed by row identity. */
    static Map<String, String> snapshot(MeterflowFixture fx, List<OracleMeter> meters) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = fx.database.connect();
                PreparedStatement s = c.prepareStatement("SELECT concat_ws('|', meter, subject, window_start, group_values::text),"
                        + " (to_jsonb(w) - 'last_committed_at')::text FROM meterflow.usage_windows w"
                        + " WHERE meter = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", meters.stream().map(OracleMeter::slug).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }

    static Map<String, Long> counters(MeterflowFixture fx, List<OracleMeter> meters) {
        Map<String, Long> out = new HashMap<>();
        for (OracleMeter m : meters) {
            for (String name : List.of("counted", "duplicates", "rejected")) {
                out.put(m.slug() + "/" + name, fx.counter(m.slug(), name));
            }
        }
        return out;
    }
}
