package io.meterflow.sink;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowDelta;
import io.meterflow.aggregate.WindowKey;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.Utf8;
import io.meterflow.limit.Notification;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Committables are checkpointed by the committer operator until applied; this format is part of
 * the savepoint contract, hence versioned. Strings are length-prefixed UTF-8 (writeUTF stops at 64 KiB)
 * in the {@link Utf8} form: a lone surrogate keeps its own bytes instead of becoming {@code ?}, so
 * distinct keys stay distinct. Well-formed strings are byte for byte as version 1 first wrote them.
 * Version 2 appends the preparing job and the required previous committable to version 1's bytes,
 * so version 1 (savepoints of earlier releases) still reads. Version 3 appends the notifications (each
 * as its CloudEvent JSON) to version 2's bytes.
 */
public final class UsageCommittableSerializer implements SimpleVersionedSerializer<UsageCommittable> {
    private static final int VERSION = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(UsageCommittable c) throws IOException {
        // Flink's unsynchronized buffer: the same bytes as java.io.DataOutputStream, much cheaper
        // per field (committables are written on every checkpoint while pending).
        DataOutputSerializer out = new DataOutputSerializer(256 + c.windows().size() * 96);
        CommitId id = c.id();
        out.writeInt(id.generation());
        writeString(out, id.lineage());
        out.writeLong(id.restoredCheckpoint());
        out.writeLong(id.sequence());
        out.writeInt(id.subtask());

        out.writeInt(c.windows().size());
        for (Map.Entry<WindowKey, WindowDelta> e : c.windows().entrySet()) {
            WindowKey k = e.getKey();
            WindowDelta d = e.getValue();
            writeString(out, k.meter());
            writeString(out, k.subject());
            writeString(out, k.groupValues());
            out.writeLong(k.windowStart());
            out.writeByte(d.aggregation().ordinal());
            out.writeLong(d.windowEnd());
            out.writeLong(d.eventCount());
            writeDecimal(out, d.sum());
            writeDecimal(out, d.min());
            writeDecimal(out, d.max());
            out.writeLong(d.latestTime());
            out.writeLong(d.latestDigestHi());
            out.writeLong(d.latestDigestLo());
            writeDecimal(out, d.latestValue());
            out.writeLong(d.lateEventCount());
            writeDecimal(out, d.lateSum());
            out.writeInt(d.uniqueValues().size());
            for (String u : d.uniqueValues()) {
                writeString(out, u);
            }
        }

        out.writeInt(c.counters().size());
        for (Map.Entry<String, SortedMap<CounterName, Long>> m : c.counters().entrySet()) {
            writeString(out, m.getKey());
            out.writeInt(m.getValue().size());
            for (Map.Entry<CounterName, Long> n : m.getValue().entrySet()) {
                out.writeByte(n.getKey().ordinal());
                out.writeLong(n.getValue());
            }
        }

        out.writeInt(c.rejections().size());
        for (RejectedEvent r : c.rejections()) {
            writeString(out, r.topic);
            out.writeInt(r.partition);
            out.writeLong(r.offset);
            out.writeInt(r.batchIndex);
            writeNullableString(out, r.meter);
            writeString(out, r.reason);
            writeNullableString(out, r.detail);
            out.writeLong(r.kafkaTimestamp);
            writeBytes(out, r.payload);
            out.writeInt(r.payloadSize);
            writeNullableString(out, r.headersJson);
            writeNullableString(out, r.eventId);
            writeNullableString(out, r.eventSource);
        }

        writeString(out, c.jobId());
        CommitPosition requires = c.requires();
        out.writeBoolean(requires != null);
        if (requires != null) {
            out.writeLong(requires.restoredCheckpoint());
            out.writeLong(requires.sequence());
            out.writeInt(requires.subtask());
        }
        out.writeInt(c.notifications().size());
        for (Notification n : c.notifications()) {
            writeString(out, n.toJson());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public UsageCommittable deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("unknown committable version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        CommitId id = new CommitId(in.readInt(), readString(in), in.readLong(), in.readLong(), in.readInt());

        SortedMap<WindowKey, WindowDelta> windows = new TreeMap<>();
        int windowCount = in.readInt();
        Aggregation[] aggregations = Aggregation.values();
        for (int i = 0; i < windowCount; i++) {
            WindowKey k = new WindowKey(readString(in), readString(in), readString(in), in.readLong());
            Aggregation a = aggregations[in.readByte()];
            long windowEnd = in.readLong();
            long count = in.readLong();
            BigDecimal sum = readDecimal(in);
            BigDecimal min = readDecimal(in);
            BigDecimal max = readDecimal(in);
            long latestTime = in.readLong();
            long hi = in.readLong();
            long lo = in.readLong();
            BigDecimal latest = readDecimal(in);
            long lateCount = in.readLong();
            BigDecimal lateSum = readDecimal(in);
            int uniques = in.readInt();
            List<String> values = new ArrayList<>(uniques);
            for (int u = 0; u < uniques; u++) {
                values.add(readString(in));
            }
            windows.put(
                    k,
                    WindowDelta.restore(a, windowEnd, count, sum, min, max, latestTime, hi, lo,
                            latest, lateCount, lateSum, values));
        }

        SortedMap<String, SortedMap<CounterName, Long>> counters = new TreeMap<>();
        int meters = in.readInt();
        CounterName[] names = CounterName.values();
        for (int i = 0; i < meters; i++) {
            String meter = readString(in);
            SortedMap<CounterName, Long> m = new TreeMap<>();
            int n = in.readInt();
            for (int j = 0; j < n; j++) {
                m.put(names[in.readByte()], in.readLong());
            }
            counters.put(meter, m);
        }

        int rejectionCount = in.readInt();
        List<RejectedEvent> rejections = new ArrayList<>(rejectionCount);
        for (int i = 0; i < rejectionCount; i++) {
            RejectedEvent r = new RejectedEvent();
            r.topic = readString(in);
            r.partition = in.readInt();
            r.offset = in.readLong();
            r.batchIndex = in.readInt();
            r.meter = readNullableString(in);
            r.reason = readString(in);
            r.detail = readNullableString(in);
            r.kafkaTimestamp = in.readLong();
            r.payload = readBytes(in);
            r.payloadSize = in.readInt();
            r.headersJson = readNullableString(in);
            r.eventId = readNullableString(in);
            r.eventSource = readNullableString(in);
            rejections.add(r);
        }
        if (version == 1) {
            return new UsageCommittable(id, windows, counters, rejections);
        }
        String jobId = readString(in);
        CommitPosition requires = in.readBoolean() ? new CommitPosition(in.readLong(), in.readLong(), in.readInt()) : null;
        if (version == 2) {
            return new UsageCommittable(id, windows, counters, rejections, jobId, requires);
        }
        int notificationCount = in.readInt();
        List<Notification> notifications = new ArrayList<>(notificationCount);
        for (int i = 0; i < notificationCount; i++) {
            notifications.add(Notification.fromJson(readString(in)));
        }
        return new UsageCommittable(id, windows, counters, rejections, notifications, jobId, requires);
    }

    private static void writeDecimal(DataOutput out, BigDecimal d) throws IOException {
        if (d == null) {
            out.writeBoolean(false);
            return;
        }
        out.writeBoolean(true);
        out.writeInt(d.scale());
        writeBytes(out, d.unscaledValue().toByteArray());
    }

    private static BigDecimal readDecimal(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int scale = in.readInt();
        return new BigDecimal(new BigInteger(readBytes(in)), scale);
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        writeBytes(out, Utf8.encode(s));
    }

    private static String readString(DataInput in) throws IOException {
        return Utf8.decode(readBytes(in));
    }

    private static void writeNullableString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readNullableString(DataInput in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
