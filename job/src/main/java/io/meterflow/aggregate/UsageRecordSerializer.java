package io.meterflow.aggregate;

import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import java.io.IOException;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.BigDecSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Wire format of {@link UsageRecord} across the keyBy (every event crosses it once, its other meters'
 * records inside the first): field by field without the reflection of Flink's POJO serializer, which
 * was ~10 % of the task threads' time in the profile. Strings use Flink's StringValue encoding
 * (null-safe). The other meters' records share the first one's subject, event time and digest, so
 * only what differs per meter is written for them: their window and group values only when they differ
 * from the first record's (or an earlier meter's, whose String they then share), and values of up to 18
 * digits as a long and a scale rather than a BigInteger's bytes.
 */
public final class UsageRecordSerializer extends TypeSerializerSingleton<UsageRecord> {
    private static final long serialVersionUID = 1L;
    public static final UsageRecordSerializer INSTANCE = new UsageRecordSerializer();

    private static final UsageRecord.Kind[] KINDS = UsageRecord.Kind.values();
    private static final Aggregation[] AGGREGATIONS = Aggregation.values();
    private static final int FIRST_OF_EVENT = 1 << 3;
    private static final int LATE = 1 << 4;
    private static final int HAS_REJECTION = 1 << 5;
    private static final int HAS_OTHER_METERS = 1 << 6;
    private static final int HAS_NOTIFICATION = 1 << 7;
    private static final int KIND_MASK = 0x7;
    /** Other meters only: the same window as the event's first record (bit 6 is free there). */
    private static final int SAME_WINDOW = 1 << 6;
    /** The group values of an event's records: a text of their own, none, "{}", or one written before. */
    private static final int GROUP_TEXT = 0;
    private static final int GROUP_NULL = 1;
    private static final int GROUP_EMPTY = 2;
    private static final int GROUP_SAME_AS = 3; // + the index of the record of the event that had it
    private static final int MAX_GROUP_CODE = 0xFF;
    private static final String NO_GROUPS = "{}";
    /** Values: null, a long with its scale (integers and short decimals: no BigInteger), or any other. */
    private static final int VALUE_NULL = 0;
    private static final int VALUE_COMPACT = 1;
    private static final int VALUE_BIG = 2;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UsageRecord createInstance() {
        return new UsageRecord();
    }

    @Override
    public UsageRecord copy(UsageRecord from) {
        UsageRecord r = new UsageRecord();
        r.kind = from.kind;
        r.firstOfEvent = from.firstOfEvent;
        r.meter = from.meter;
        r.aggregation = from.aggregation;
        r.subject = from.subject;
        r.groupValues = from.groupValues;
        r.windowStart = from.windowStart;
        r.windowEnd = from.windowEnd;
        r.eventTime = from.eventTime;
        r.value = from.value; // immutable, as are the strings
        r.uniqueValue = from.uniqueValue;
        r.series = from.series;
        r.digestHi = from.digestHi;
        r.digestLo = from.digestLo;
        r.late = from.late;
        r.rejection = from.rejection == null ? null : copy(from.rejection);
        r.notification = from.notification; // an immutable record
        if (from.otherMeters != null) {
            r.otherMeters = new UsageRecord[from.otherMeters.length];
            for (int i = 0; i < from.otherMeters.length; i++) {
                r.otherMeters[i] = copy(from.otherMeters[i]);
            }
        }
        return r;
    }

    private static RejectedEvent copy(RejectedEvent from) {
        RejectedEvent e = new RejectedEvent();
        e.topic = from.topic;
        e.partition = from.partition;
        e.offset = from.offset;
        e.batchIndex = from.batchIndex;
        e.meter = from.meter;
        e.reason = from.reason;
        e.detail = from.detail;
        e.kafkaTimestamp = from.kafkaTimestamp;
        e.payload = from.payload == null ? null : from.payload.clone();
        e.payloadSize = from.payloadSize;
        e.headersJson = from.headersJson;
        e.eventId = from.eventId;
        e.eventSource = from.eventSource;
        return e;
    }

    @Override
    public UsageRecord copy(UsageRecord from, UsageRecord reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UsageRecord r, DataOutputView out) throws IOException {
        int header = (r.kind == null ? KIND_MASK : r.kind.ordinal())
                | (r.firstOfEvent ? FIRST_OF_EVENT : 0)
                | (r.late ? LATE : 0)
                | (r.rejection != null ? HAS_REJECTION : 0)
                | (r.otherMeters != null ? HAS_OTHER_METERS : 0)
                | (r.notification != null ? HAS_NOTIFICATION : 0);
        out.writeByte(header);
        out.writeByte(r.aggregation == null ? -1 : r.aggregation.ordinal());
        StringValue.writeString(r.meter, out);
        StringValue.writeString(r.subject, out);
        StringValue.writeString(r.groupValues, out);
        out.writeLong(r.windowStart);
        out.writeLong(r.windowEnd);
        out.writeLong(r.eventTime);
        writeValue(r.value, out);
        StringValue.writeString(r.uniqueValue, out);
        StringValue.writeString(r.series, out);
        out.writeLong(r.digestHi);
        out.writeLong(r.digestLo);
        if (r.rejection != null) {
            serialize(r.rejection, out);
        }
        if (r.otherMeters != null) {
            out.writeInt(r.otherMeters.length);
            for (int i = 0; i < r.otherMeters.length; i++) {
                serializeOtherMeter(r, i, out);
            }
        }
        if (r.notification != null) {
            StringValue.writeString(r.notification.toJson(), out);
        }
    }

    /**
     * What differs per meter, and of that only what the event's records before it did not already say:
     * an event's meters mostly share its window and often their group values.
     */
    private static void serializeOtherMeter(UsageRecord first, int index, DataOutputView out) throws IOException {
        UsageRecord o = first.otherMeters[index];
        boolean sameWindow = o.windowStart == first.windowStart && o.windowEnd == first.windowEnd;
        out.writeByte((o.kind == null ? KIND_MASK : o.kind.ordinal()) | (o.firstOfEvent ? FIRST_OF_EVENT : 0)
                | (o.late ? LATE : 0) | (o.rejection != null ? HAS_REJECTION : 0) | (sameWindow ? SAME_WINDOW : 0));
        out.writeByte(o.aggregation == null ? -1 : o.aggregation.ordinal());
        StringValue.writeString(o.meter, out);
        writeGroups(first, index, out);
        if (!sameWindow) {
            out.writeLong(o.windowStart);
            out.writeLong(o.windowEnd);
        }
        writeValue(o.value, out);
        StringValue.writeString(o.uniqueValue, out);
        StringValue.writeString(o.series, out);
        if (o.rejection != null) {
            serialize(o.rejection, out); // a series sample's pending TOO_LATE_FOR_SERIES
        }
    }

    private static void writeGroups(UsageRecord first, int index, DataOutputView out) throws IOException {
        String g = first.otherMeters[index].groupValues;
        if (g == null) {
            out.writeByte(GROUP_NULL);
            return;
        }
        // A reference is one unsigned byte: records further on than it reaches write their text.
        for (int i = -1; i < index && GROUP_SAME_AS + i + 1 <= MAX_GROUP_CODE; i++) {
            if (g.equals(i < 0 ? first.groupValues : first.otherMeters[i].groupValues)) {
                out.writeByte(GROUP_SAME_AS + i + 1);
                return;
            }
        }
        if (g.equals(NO_GROUPS)) {
            out.writeByte(GROUP_EMPTY);
            return;
        }
        out.writeByte(GROUP_TEXT);
        StringValue.writeString(g, out);
    }

    /** The group values written by {@link #writeGroups}: the same String instance when shared. */
    private static String readGroups(UsageRecord first, UsageRecord[] others, DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        switch (code) {
            case GROUP_TEXT: return StringValue.readString(in);
            case GROUP_NULL: return null;
            case GROUP_EMPTY: return NO_GROUPS;
            default:
                int i = code - GROUP_SAME_AS - 1;
                return i < 0 ? first.groupValues : others[i].groupValues;
        }
    }

    private static void writeValue(BigDecimal v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(VALUE_NULL);
        } else if (v.precision() <= 18 && v.scale() >= Short.MIN_VALUE && v.scale() <= Short.MAX_VALUE) {
            // At most 18 digits: the unscaled value fits a long, read back without a BigInteger.
            out.writeByte(VALUE_COMPACT);
            out.writeShort(v.scale());
            out.writeLong(v.scale() == 0 ? v.longValue() : v.unscaledValue().longValue());
        } else {
            out.writeByte(VALUE_BIG);
            BigDecSerializer.INSTANCE.serialize(v, out);
        }
    }

    private static BigDecimal readValue(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case VALUE_NULL: return null;
            case VALUE_COMPACT:
                int scale = in.readShort();
                return BigDecimal.valueOf(in.readLong(), scale);
            case VALUE_BIG: return BigDecSerializer.readBigDecimal(in);
            default: throw new IOException("unknown value tag " + tag + " in a UsageRecord");
        }
    }

    private static UsageRecord deserializeOtherMeter(UsageRecord first, UsageRecord[] others, DataInputView in)
            throws IOException {
        UsageRecord o = new UsageRecord();
        int header = in.readUnsignedByte();
        int kind = header & KIND_MASK;
        o.kind = kind == KIND_MASK ? null : KINDS[kind];
        o.firstOfEvent = (header & FIRST_OF_EVENT) != 0;
        o.late = (header & LATE) != 0;
        byte aggregation = in.readByte();
        o.aggregation = aggregation < 0 ? null : AGGREGATIONS[aggregation];
        o.meter = StringValue.readString(in);
        o.subject = first.subject;
        o.groupValues = readGroups(first, others, in);
        if ((header & SAME_WINDOW) != 0) {
            o.windowStart = first.windowStart;
            o.windowEnd = first.windowEnd;
        } else {
            o.windowStart = in.readLong();
            o.windowEnd = in.readLong();
        }
        o.eventTime = first.eventTime;
        o.value = readValue(in);
        o.uniqueValue = StringValue.readString(in);
        o.series = StringValue.readString(in);
        o.digestHi = first.digestHi;
        o.digestLo = first.digestLo;
        if ((header & HAS_REJECTION) != 0) {
            o.rejection = deserializeRejection(in);
        }
        return o;
    }

    private static void serialize(RejectedEvent e, DataOutputView out) throws IOException {
        StringValue.writeString(e.topic, out);
        out.writeInt(e.partition);
        out.writeLong(e.offset);
        out.writeInt(e.batchIndex);
        StringValue.writeString(e.meter, out);
        StringValue.writeString(e.reason, out);
        StringValue.writeString(e.detail, out);
        out.writeLong(e.kafkaTimestamp);
        if (e.payload == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(e.payload.length);
            out.write(e.payload);
        }
        out.writeInt(e.payloadSize);
        StringValue.writeString(e.headersJson, out);
        StringValue.writeString(e.eventId, out);
        StringValue.writeString(e.eventSource, out);
    }

    @Override
    public UsageRecord deserialize(DataInputView in) throws IOException {
        UsageRecord r = new UsageRecord();
        int header = in.readUnsignedByte();
        int kind = header & KIND_MASK;
        r.kind = kind == KIND_MASK ? null : KINDS[kind];
        r.firstOfEvent = (header & FIRST_OF_EVENT) != 0;
        r.late = (header & LATE) != 0;
        byte aggregation = in.readByte();
        r.aggregation = aggregation < 0 ? null : AGGREGATIONS[aggregation];
        r.meter = StringValue.readString(in);
        r.subject = StringValue.readString(in);
        r.groupValues = StringValue.readString(in);
        r.windowStart = in.readLong();
        r.windowEnd = in.readLong();
        r.eventTime = in.readLong();
        r.value = readValue(in);
        r.uniqueValue = StringValue.readString(in);
        r.series = StringValue.readString(in);
        r.digestHi = in.readLong();
        r.digestLo = in.readLong();
        if ((header & HAS_REJECTION) != 0) {
            r.rejection = deserializeRejection(in);
        }
        if ((header & HAS_OTHER_METERS) != 0) {
            int n = in.readInt();
            r.otherMeters = new UsageRecord[n];
            for (int i = 0; i < n; i++) {
                r.otherMeters[i] = deserializeOtherMeter(r, r.otherMeters, in);
            }
        }
        if ((header & HAS_NOTIFICATION) != 0) {
            r.notification = Notification.fromJson(StringValue.readString(in));
        }
        return r;
    }

    private static RejectedEvent deserializeRejection(DataInputView in) throws IOException {
        RejectedEvent e = new RejectedEvent();
        e.topic = StringValue.readString(in);
        e.partition = in.readInt();
        e.offset = in.readLong();
        e.batchIndex = in.readInt();
        e.meter = StringValue.readString(in);
        e.reason = StringValue.readString(in);
        e.detail = StringValue.readString(in);
        e.kafkaTimestamp = in.readLong();
        int n = in.readInt();
        if (n >= 0) {
            e.payload = new byte[n];
            in.readFully(e.payload);
        }
        e.payloadSize = in.readInt();
        e.headersJson = StringValue.readString(in);
        e.eventId = StringValue.readString(in);
        e.eventSource = StringValue.readString(in);
        return e;
    }

    @Override
    public UsageRecord deserialize(UsageRecord reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<UsageRecord> snapshotConfiguration() {
        return new UsageRecordSerializerSnapshot();
    }

    /**
     * The format is only used on the wire between tasks, never in checkpointed state (checkpoints are
     * aligned, so no record in flight is stored), which is why it changes without a new version.
     */
    public static final class UsageRecordSerializerSnapshot extends SimpleTypeSerializerSnapshot<UsageRecord> {
        public UsageRecordSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
