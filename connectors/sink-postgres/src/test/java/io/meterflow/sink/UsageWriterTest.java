package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import io.meterflow.limit.UsagePeriod;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageWriterTest {
    private static final long T0 = 1_767_225_600_000L;

    static UsageRecord counted(String meter, Aggregation a, String subject, long time, String value, long id, boolean first) {
        UsageRecord r = UsageRecord.metered(meter, a, subject, "{\"model\":\"m1\"}", WindowSize.MINUTE, time,
                value == null ? null : new BigDecimal(value), a == Aggregation.UNIQUE_COUNT ? "u" + id : null, 0, id);
        r.kind = UsageRecord.Kind.COUNTED;
        r.firstOfEvent = first;
        return r;
    }

    static RejectedEvent rejection(String meter, long offset) {
        RejectedEvent e = new RejectedEvent();
        e.topic = "events";
        e.partition = 0;
        e.offset = offset;
        e.meter = meter;
        e.reason = "MALFORMED_JSON";
        e.detail = "Unexpected end of input";
        e.payload = new byte[] {'{'};
        e.payloadSize = 1;
        e.headersJson = "{}";
        return e;
    }

    @Test
    void foldsAnEpochIntoOneCommittableWithBalancedCounters() {
        UsageWriter w = new UsageWriter(1, "lineage-a", 7, 3);
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "10", 1, true), null);
        w.write(counted("tokens", Aggregation.SUM, "c1", T0 + 1000, "5", 2, true), null);
        w.write(counted("calls", Aggregation.COUNT, "c1", T0 + 1000, null, 2, false), null); // same event, 2nd meter
        UsageRecord dup = counted("tokens", Aggregation.SUM, "c1", T0, "10", 1, true);
        dup.kind = UsageRecord.Kind.DUPLICATE;
        w.write(dup, null);
        UsageRecord bad = UsageRecord.rejected(rejection(null, 44));
        bad.firstOfEvent = true;
        w.write(bad, null);
        UsageRecord unmatched = UsageRecord.unmatched("c1");
        unmatched.firstOfEvent = true;
        w.write(unmatched, null);

        List<UsageCommittable> out = new ArrayList<>(w.prepareCommit());
        assertThat(out).hasSize(1);
        UsageCommittable c = out.get(0);
        assertThat(c.id()).isEqualTo(new CommitId(1, "lineage-a", 7, 1, 3));
        WindowDelta tokens = c.windows().get(new WindowKey("tokens", "c1", "{\"model\":\"m1\"}", T0));
        assertThat(tokens.sum()).isEqualByComparingTo("15");
        assertThat(tokens.eventCount()).isEqualTo(2);
        assertThat(c.counter("", CounterName.EVENTS_READ)).isEqualTo(5);
        assertThat(c.counter("", CounterName.EVENTS_METERED)).isEqualTo(3);
        assertThat(c.counter("", CounterName.EVENTS_REJECTED)).isEqualTo(1);
        assertThat(c.counter("", CounterName.EVENTS_UNMATCHED)).isEqualTo(1);
        assertThat(c.counter("tokens", CounterName.METER_COUNTED)).isEqualTo(2);
        assertThat(c.counter("tokens", CounterName.METER_DUPLICATES)).isEqualTo(1);
        assertThat(c.counter("calls", CounterName.METER_COUNTED)).isEqualTo(1);
        assertThat(c.rejections()).hasSize(1);

        // Conservation: read = rejected + unmatched + metered.
        assertThat(c.counter("", CounterName.EVENTS_READ)).isEqualTo(
                c.counter("", CounterName.EVENTS_REJECTED) + c.counter("", CounterName.EVENTS_UNMATCHED)
                        + c.counter("", CounterName.EVENTS_METERED));
    }

    /** A series sample counts in its own window; its corrections add (or retract) usage and count no event. */
    @Test
    void seriesCorrectionsAddToTheirWindowsWithoutCountingAnEvent() {
        UsageWriter w = new UsageWriter(1, "l", 0, 0);
        w.write(counted("disk", Aggregation.TIME_WEIGHTED, "c1", T0 + 90_000, "300", 1, true), null);
        UsageRecord retract = counted("disk", Aggregation.TIME_WEIGHTED, "c1", T0 + 90_000, "-0.05", 1, false);
        retract.kind = UsageRecord.Kind.ADJUSTED;
        retract.windowStart = T0;
        retract.windowEnd = T0 + 60_000;
        w.write(retract, null);
        UsageRecord hold = counted("disk", Aggregation.TIME_WEIGHTED, "c1", T0 + 90_000, "0.25", 1, false);
        hold.kind = UsageRecord.Kind.ADJUSTED;
        hold.windowStart = T0;
        hold.windowEnd = T0 + 60_000;
        hold.late = true;
        w.write(hold, null);

        UsageCommittable c = w.prepareCommit().iterator().next();
        WindowDelta before = c.windows().get(new WindowKey("disk", "c1", "{\"model\":\"m1\"}", T0));
        assertThat(before.sum()).isEqualByComparingTo("0.20");
        assertThat(before.eventCount()).isZero();
        assertThat(before.lateSum()).isEqualByComparingTo("0.25");
        assertThat(before.lateEventCount()).isZero();
        WindowDelta own = c.windows().get(new WindowKey("disk", "c1", "{\"model\":\"m1\"}", T0 + 60_000));
        assertThat(own.sum()).isEqualByComparingTo("300");
        assertThat(own.eventCount()).isEqualTo(1);
        assertThat(c.counter("disk", CounterName.METER_COUNTED)).isEqualTo(1);
        assertThat(c.counter("", CounterName.EVENTS_READ)).isEqualTo(1);
        assertThat(c.counter("", CounterName.EVENTS_METERED)).isEqualTo(1);
    }

    @Test
    void nextEpochStartsEmptyWithTheNextSequence() {
        UsageWriter w = new UsageWriter(1, "l", 0, 0);
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "1", 1, true), null);
        w.prepareCommit();
        assertThat(w.prepareCommit()).isEmpty();
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "1", 2, true), null);
        UsageCommittable third = w.prepareCommit().iterator().next();
        assertThat(third.id().sequence()).isEqualTo(3);
        assertThat(third.counter("", CounterName.EVENTS_READ)).isEqualTo(1);
        assertThat(third.counter("tokens", CounterName.METER_COUNTED)).as("the meter's row is the new epoch's").isEqualTo(1);
    }

    @Test
    void committableSurvivesSerialization() throws Exception {
        UsageCommittable c = mixedCommittable();
        UsageCommittableSerializer s = new UsageCommittableSerializer();
        UsageCommittable back = s.deserialize(s.getVersion(), s.serialize(c));

        assertThat(back.id()).isEqualTo(c.id());
        assertThat(back.counters()).isEqualTo(c.counters());
        assertThat(back.rejections()).isEqualTo(c.rejections());
        assertThat(back.windows().keySet()).containsExactlyElementsOf(c.windows().keySet());
        for (WindowKey k : c.windows().keySet()) {
            WindowDelta a = c.windows().get(k);
            WindowDelta b = back.windows().get(k);
            assertThat(b).usingRecursiveComparison().isEqualTo(a);
        }
        assertThat(back.windows().get(new WindowKey("tokens", "c1", "{\"model\":\"m1\"}", T0)).sum().toPlainString())
                .isEqualTo("0.3");
    }

    /**
     * Version 1 is in savepoints of the first release: version 2 is its bytes plus a trailer (the
     * preparing job, the required committable), version 3 adds the notifications after that, so the
     * version 1 prefix keeps the digest of the format as first released, and older bytes still read.
     */
    @Test
    void committableFormatVersion1StillReadsAndLaterVersionsOnlyAppend() throws Exception {
        UsageCommittableSerializer s = new UsageCommittableSerializer();
        UsageCommittable c = mixedCommittable();
        byte[] v3 = s.serialize(new UsageCommittable(c.id(), c.windows(), c.counters(), c.rejections()));
        assertThat(s.getVersion()).isEqualTo(3);
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 4); // no notifications (int 0)
        UsageCommittable fromV2 = s.deserialize(2, v2);
        assertThat(fromV2.notifications()).isEmpty();
        assertThat(fromV2.windows().keySet()).containsExactlyElementsOf(c.windows().keySet());
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 5); // "" job (int 0) + no requirement (false)
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(v1)))
                .isEqualTo("30879a6f87a8acdb96b24b98ba90797a859f988d74d3b05c79ff1bee5f5800a0");
        UsageCommittable fromV1 = s.deserialize(1, v1);
        assertThat(fromV1.id()).isEqualTo(c.id());
        assertThat(fromV1.jobId()).isEmpty();
        assertThat(fromV1.requires()).isNull();
        assertThat(fromV1.windows().keySet()).containsExactlyElementsOf(c.windows().keySet());
        assertThat(fromV1.counters()).isEqualTo(c.counters());
    }

    @Test
    void notificationsGoIntoTheEpochsCommittableAndSurviveItsSerialisation() throws Exception {
        UsageWriter w = new UsageWriter(1, "l", 0, 0);
        Notification n = Notification.reset("warn", "c1", "tokens",
                new UsagePeriod(Instant.parse("2026-11-01T00:00:00Z"),
                        Instant.parse("2026-12-01T00:00:00Z")), new BigDecimal("100"));
        w.write(UsageRecord.notification(n), null);
        UsageCommittable c = w.prepareCommit().iterator().next();
        assertThat(c.notifications()).containsExactly(n);
        assertThat(c.counters()).as("a notification is not an event read").isEmpty();
        UsageCommittableSerializer s = new UsageCommittableSerializer();
        assertThat(s.deserialize(s.getVersion(), s.serialize(c)).notifications()).containsExactly(n);
        assertThat(w.prepareCommit()).as("handed over once").isEmpty();
    }

    @Test
    void committablesCarryTheirJobAndTheCommittableTheyRequire() throws Exception {
        UsageWriter w = new UsageWriter(1, "l", 9, 2, "job-a", new CommitPosition(4, 7, 0));
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "1", 1, true), null);
        UsageCommittable first = w.prepareCommit().iterator().next();
        assertThat(first.jobId()).isEqualTo("job-a");
        assertThat(first.requires()).as("the restored state's last committable").isEqualTo(new CommitPosition(4, 7, 0));
        assertThat(w.prepareCommit()).isEmpty(); // an empty epoch requires nothing new
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "1", 2, true), null);
        UsageCommittable third = w.prepareCommit().iterator().next();
        assertThat(third.requires()).as("the writer's previous non-empty committable").isEqualTo(new CommitPosition(9, 1, 2));
        UsageWriterState state = w.snapshotState(12).get(0);
        assertThat(state).isEqualTo(new UsageWriterState(1, "l", 9, 3, new CommitPosition(9, 3, 2)));

        UsageCommittableSerializer s = new UsageCommittableSerializer();
        UsageCommittable back = s.deserialize(s.getVersion(), s.serialize(third));
        assertThat(back.jobId()).isEqualTo("job-a");
        assertThat(back.requires()).isEqualTo(new CommitPosition(9, 1, 2));
    }

    @Test
    void writerStateOfTheFirstFormatStillReads() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) { // version 1, as first released
            out.writeUTF("lineage-v1");
            out.writeLong(17);
            out.writeLong(3);
        }
        UsageWriterState s = new UsageWriterState.Serializer().deserialize(1, bytes.toByteArray());
        assertThat(s).isEqualTo(new UsageWriterState(UsageWriterState.UNKNOWN_GENERATION, "lineage-v1", 17, 3, null));
    }

    private static UsageCommittable mixedCommittable() {
        UsageWriter w = new UsageWriter(2, "lineage-b", 11, 1);
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "0.1", 1, true), null);
        w.write(counted("tokens", Aggregation.SUM, "c1", T0, "0.2", 2, true), null);
        w.write(counted("users", Aggregation.UNIQUE_COUNT, "c1", T0, null, 3, true), null);
        w.write(counted("gauge", Aggregation.LATEST, "c2", T0 + 61_000, "-7.25", 4, true), null);
        w.write(counted("peak", Aggregation.MAX, "c2", T0, "1e3", 5, true), null);
        UsageRecord late = counted("tokens", Aggregation.SUM, "c9", T0, "3", 6, true);
        late.late = true;
        w.write(late, null);
        UsageRecord bad = UsageRecord.rejected(rejection("tokens", 99));
        bad.rejection.payload = null;
        w.write(bad, null);
        return w.prepareCommit().iterator().next();
    }

    @Test
    void snapshotRecordsHowFarItsOwnCommitsReached() throws Exception {
        UsageWriter w = new UsageWriter(1, "lineage-c", 40, 0);
        w.prepareCommit();
        w.prepareCommit();
        UsageWriterState state = w.snapshotState(43).get(0);
        assertThat(state.lineage()).isEqualTo("lineage-c");
        assertThat(state.restoredCheckpoint()).isEqualTo(40);
        assertThat(state.sequence()).isEqualTo(2);
        UsageWriterState.Serializer s = new UsageWriterState.Serializer();
        UsageWriterState back = s.deserialize(s.getVersion(), s.serialize(state));
        assertThat(back).usingRecursiveComparison().isEqualTo(state);
    }
}
