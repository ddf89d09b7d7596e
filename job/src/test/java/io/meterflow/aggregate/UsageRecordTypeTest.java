package io.meterflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import io.meterflow.limit.UsagePeriod;
import io.meterflow.pipeline.MeteringDeserializer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The record crosses the keyBy on every event: its own serializer, every field, no Kryo. */
class UsageRecordTypeTest {

    private static TypeSerializer<UsageRecord> serializer() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // fail instead of falling back to Kryo
        return new MeteringDeserializer(null, null).getProducedType().createSerializer(config);
    }

    /** The records' stream starts at the Kafka deserializer: its type decides every hop after it. */
    @Test
    void usesItsOwnSerializer() {
        TypeInformation<UsageRecord> produced = new MeteringDeserializer(null, null).getProducedType();
        assertThat(produced).isInstanceOf(UsageRecordTypeInfo.class);
        assertThat(serializer()).isSameAs(UsageRecordSerializer.INSTANCE);
    }

    /** Adding a field to either class without adding it to the serializer fails here. */
    @Test
    void theSerializerKnowsEveryField() {
        assertThat(instanceFields(UsageRecord.class)).hasSize(18);
        assertThat(instanceFields(RejectedEvent.class)).hasSize(13);
    }

    private static Field[] instanceFields(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields()).filter(f -> !Modifier.isStatic(f.getModifiers())).toArray(Field[]::new);
    }

    @Test
    void roundTripsEveryKindAndField() throws Exception {
        UsageRecord metered = UsageRecord.metered("llm_tokens", Aggregation.SUM, "c1", "{\"model\":\"m\"}",
                WindowSize.MINUTE, 1_767_225_600_123L, new BigDecimal("-12345678901234567890.30"), null, -7L, 42L);
        metered.firstOfEvent = true;
        metered.late = true;
        metered.kind = UsageRecord.Kind.COUNTED;
        UsageRecord unique = UsageRecord.metered("users", Aggregation.UNIQUE_COUNT, "ü 𝄞", "{}", WindowSize.HOUR,
                -1L, null, "user-\u0000-1", Long.MIN_VALUE, Long.MAX_VALUE);
        unique.kind = UsageRecord.Kind.DUPLICATE;
        RejectedEvent e = new RejectedEvent();
        e.topic = "events";
        e.partition = 3;
        e.offset = 1L << 40;
        e.batchIndex = 2;
        e.meter = "llm_tokens";
        e.reason = "MALFORMED_JSON";
        e.detail = "not valid JSON";
        e.kafkaTimestamp = 17L;
        e.payload = new byte[] {1, 2, 3};
        e.payloadSize = 10_000;
        e.headersJson = "{\"ce_id\":\"x\"}";
        e.eventId = "id";
        e.eventSource = "/src";
        UsageRecord rejected = UsageRecord.rejected(e);
        rejected.firstOfEvent = true;
        RejectedEvent bare = new RejectedEvent();
        bare.reason = "TOO_LARGE";
        UsageRecord rejectedBare = UsageRecord.rejected(bare);
        UsageRecord unmatched = UsageRecord.unmatched("c9");
        UsageRecord empty = new UsageRecord();
        // An event for three meters: the other two travel inside the first, sharing subject, time and digest.
        UsageRecord three = UsageRecord.metered("calls", Aggregation.COUNT, "c1", "{}", WindowSize.MINUTE,
                1_767_225_600_123L, null, null, -7L, 42L);
        UsageRecord second = UsageRecord.metered("llm_tokens", Aggregation.SUM, "c1", "{\"model\":\"m\"}",
                WindowSize.HOUR, 1_767_225_600_123L, new BigDecimal("12.5"), null, -7L, 42L);
        second.firstOfEvent = true;
        UsageRecord third = UsageRecord.metered("users", Aggregation.UNIQUE_COUNT, "c1", "{}", WindowSize.DAY,
                1_767_225_600_123L, null, "u-1", -7L, 42L);
        three.otherMeters = new UsageRecord[] {second, third};
        // Series samples carry their series and their pending TOO_LATE_FOR_SERIES, the other meter's too.
        UsageRecord counter = UsageRecord.metered("cpu", Aggregation.INCREASE, "c1", "{}", WindowSize.MINUTE,
                1_767_225_600_123L, new BigDecimal("7.25"), null, -7L, 42L);
        counter.series = "pod-1";
        counter.rejection = e;
        UsageRecord gauge = UsageRecord.metered("disk", Aggregation.TIME_WEIGHTED, "c1", "{}", WindowSize.MINUTE,
                1_767_225_600_123L, new BigDecimal("100"), null, -7L, 42L);
        gauge.series = "/node/1";
        gauge.rejection = bare;
        counter.otherMeters = new UsageRecord[] {gauge};
        UsageRecord adjusted = UsageRecord.metered("disk", Aggregation.TIME_WEIGHTED, "c1", "{}", WindowSize.MINUTE,
                1_767_225_600_123L, new BigDecimal("-0.001"), null, -7L, 42L);
        adjusted.kind = UsageRecord.Kind.ADJUSTED;
        UsageRecord notification = UsageRecord.notification(Notification.reset("quota", "c1", "calls",
                new UsagePeriod(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")), BigDecimal.TEN));

        TypeSerializer<UsageRecord> serializer = serializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        UsageRecord[] all = {metered, unique, rejected, rejectedBare, unmatched, empty, three, counter, adjusted, notification};
        for (UsageRecord record : all) {
            serializer.serialize(record, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (UsageRecord record : all) {
            UsageRecord back = serializer.deserialize(in);
            assertThat(back).isEqualTo(record).isNotSameAs(record);
            assertThat(serializer.copy(record)).isEqualTo(record).isNotSameAs(record);
        }
        assertThat(in.available()).isZero();
        assertThat(serializer.copy(three).otherMeters[0]).isNotSameAs(second);
    }

    @Test
    void snapshotRestoresTheSameSerializer() throws Exception {
        TypeSerializerSnapshot<UsageRecord> snapshot = serializer().snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<UsageRecord> read = new UsageRecordSerializer.UsageRecordSerializerSnapshot();
        read.readSnapshot(snapshot.getCurrentVersion(), new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(read.restoreSerializer()).isSameAs(UsageRecordSerializer.INSTANCE);
        assertThat(read.resolveSchemaCompatibility(snapshot).isCompatibleAsIs()).isTrue();
    }

    /**
     * An event's other meters are written as far as they differ from the records before them (window,
     * group values) and values of up to 18 digits compactly: whatever they share, they read back equal,
     * and equal group values come back as one String.
     */
    @Property(tries = 300)
    void anEventsRecordsRoundTripHoweverTheyShareWindowsGroupsAndValues(
            @ForAll @Size(min = 1, max = 5) List<@From("meterRecords") UsageRecord> records) throws Exception {
        UsageRecord first = records.get(0);
        for (UsageRecord o : records.subList(1, records.size())) {
            o.subject = first.subject; // what an event's records share, as the source makes them
            o.eventTime = first.eventTime;
            o.digestHi = first.digestHi;
            o.digestLo = first.digestLo;
        }
        if (records.size() > 1) {
            first.otherMeters = records.subList(1, records.size()).toArray(new UsageRecord[0]);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer().serialize(first, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UsageRecord back = serializer().deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(back).isEqualTo(first);
        List<UsageRecord> all = new ArrayList<>();
        all.add(back);
        if (back.otherMeters != null) {
            all.addAll(Arrays.asList(back.otherMeters));
        }
        for (int i = 1; i < all.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (all.get(i).groupValues != null && all.get(i).groupValues.equals(all.get(j).groupValues)) {
                    assertThat(all.get(i).groupValues).isSameAs(all.get(j).groupValues);
                }
            }
        }
    }

    /** More meters per event than a byte can point back to: the later ones write their group values out. */
    @org.junit.jupiter.api.Test
    void anEventWithHundredsOfMetersRoundTripsItsGroupValues() throws Exception {
        List<UsageRecord> records = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            // From the 270th on, each repeats the group values of the record ten before it.
            String groups = "{\"k\":" + (k < 270 ? k : k - 10) + "}";
            records.add(UsageRecord.metered("m" + k, Aggregation.SUM, "c1", groups, WindowSize.MINUTE, 60_000L,
                    BigDecimal.ONE, null, 3L, -4L));
        }
        UsageRecord first = records.get(0);
        first.otherMeters = records.subList(1, records.size()).toArray(new UsageRecord[0]);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer().serialize(first, out);
        UsageRecord back = serializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(first);
        assertThat(back.otherMeters[280].groupValues).isEqualTo("{\"k\":271}");
    }

    @Provide
    Arbitrary<UsageRecord> meterRecords() {
        Arbitrary<String> groups = Arbitraries.of("{}", "{\"route\":\"/v1/a\"}", "{\"model\":\"m1\"}",
                "{\"model\":null}").injectNull(0.1);
        Arbitrary<WindowSize> windows = Arbitraries.of(WindowSize.MINUTE, WindowSize.HOUR);
        Arbitrary<BigDecimal> values = Arbitraries.oneOf(
                Arbitraries.longs().map(BigDecimal::valueOf),
                Arbitraries.longs().between(-1_000_000, 1_000_000).map(l -> BigDecimal.valueOf(l, 3)),
                Arbitraries.of(new BigDecimal("1E+5"), new BigDecimal("0.00"), new BigDecimal("-0E-40000"),
                        new BigDecimal("123456789012345678"), new BigDecimal("1234567890123456789"),
                        new BigDecimal("-99999999999999999999999999999.5"), BigDecimal.valueOf(5, -32768),
                        BigDecimal.valueOf(5, 32768), BigDecimal.valueOf(Long.MIN_VALUE, 2)))
                .injectNull(0.2);
        return Combinators.combine(Arbitraries.of("llm_tokens", "api_requests", "calls"), groups, windows,
                        Arbitraries.longs().between(0, 4_000_000_000_000L), values, Arbitraries.of(true, false))
                .as((meter, g, w, t, v, late) -> {
                    UsageRecord r = UsageRecord.metered(meter, Aggregation.SUM, "c1", g, w, t, v, null, 3L, -4L);
                    r.late = late;
                    return r;
                });
    }
}
