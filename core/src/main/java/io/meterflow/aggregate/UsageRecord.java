package io.meterflow.aggregate;

import io.meterflow.event.RejectedEvent;
import io.meterflow.limit.Notification;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;

/**
 * What flows from decoding through dedupe to the sink: one event for one meter, or the outcome
 * of an event that is not counted (rejected, unmatched). Every outcome reaches the sink so the
 * pipeline counters are committed in the same transaction as the usage they describe.
 *
 * <p>Serialized in the job by {@code UsageRecordSerializer} (the job declares {@code UsageRecordTypeInfo}
 * wherever a stream of records is made; core stays free of Flink): no Kryo, no
 * reflection on the wire.
 */
public class UsageRecord {

    /** The stage an event has reached. */
    public enum Kind {
        /** Valid for a meter, not yet deduplicated. */
        METERED,
        /** Counted: first time this meter saw this (subject, source, id). */
        COUNTED,
        /** Seen before within the dedupe horizon: not counted again. */
        DUPLICATE,
        /** Rejected, for one meter ({@link #meter} set) or as an event ({@link #meter} null). */
        REJECTED,
        /** Valid event that no meter matches. */
        UNMATCHED,
        /**
         * A threshold or reset notification the job's limit evaluation emitted ({@link #notification}
         * set): recorded in the same fenced commit as the usage that caused it.
         */
        NOTIFICATION,
        /**
         * A series correction (INCREASE, TIME_WEIGHTED) to a window other than its sample's own: adds
         * its value, possibly negative, to the row and counts no event.
         */
        ADJUSTED
    }

    public Kind kind;
    /**
     * True on exactly one record per event read (its first outcome), so the sink can count
     * events read however many meters an event fans out to.
     */
    public boolean firstOfEvent;
    public String meter;
    public Aggregation aggregation;
    public String subject;
    /** Canonical JSON object of the meter's groupBy values, keys sorted, e.g. {"model":"m1","region":null}. */
    public String groupValues;
    public long windowStart;
    public long windowEnd;
    /** Event time, epoch millis. */
    public long eventTime;
    /**
     * Numeric value for SUM, AVG, MIN, MAX, LATEST; the sample for INCREASE, TIME_WEIGHTED (after
     * the series stage: the window delta); null for COUNT and UNIQUE_COUNT.
     */
    public BigDecimal value;
    /** Canonical text of the value for UNIQUE_COUNT. */
    public String uniqueValue;
    /** 128-bit digest of (source, id): dedupe identity and LATEST tie-break. */
    public long digestHi;
    public long digestLo;
    /** Counted after the watermark had passed the window's end: a late adjustment. */
    public boolean late;
    /**
     * INCREASE and TIME_WEIGHTED: the series within the subject (the seriesBy value, or the event's
     * source); null otherwise.
     */
    public String series;
    /**
     * Set for {@link Kind#REJECTED}. A series sample (METERED, COUNTED) also carries its
     * TOO_LATE_FOR_SERIES rejection until the series stage decides; the stage clears it.
     */
    public RejectedEvent rejection;
    /** Set for {@link Kind#NOTIFICATION}. */
    public Notification notification;
    /**
     * The same event's records for its other meters (METERED, same subject, digest and event time),
     * carried inside this one across the keyBy: an event crosses the network and is looked up in the
     * dedupe state once, however many meters it feeds. Null when there are none; the dedupe stage
     * hands each on as a record of its own and clears this.
     */
    public UsageRecord[] otherMeters;

    public UsageRecord() {}

    public static UsageRecord metered(
            String meter,
            Aggregation aggregation,
            String subject,
            String groupValues,
            WindowSize windowSize,
            long eventTime,
            BigDecimal value,
            String uniqueValue,
            long digestHi,
            long digestLo) {
        UsageRecord r = new UsageRecord();
        r.kind = Kind.METERED;
        r.meter = meter;
        r.aggregation = aggregation;
        r.subject = subject;
        r.groupValues = groupValues;
        r.windowStart = windowSize.windowStart(eventTime);
        r.windowEnd = r.windowStart + windowSize.millis();
        r.eventTime = eventTime;
        r.value = value;
        r.uniqueValue = uniqueValue;
        r.digestHi = digestHi;
        r.digestLo = digestLo;
        return r;
    }

    public static UsageRecord rejected(RejectedEvent rejection) {
        UsageRecord r = new UsageRecord();
        r.kind = Kind.REJECTED;
        r.meter = rejection.meter;
        r.rejection = rejection;
        return r;
    }

    /** A notification of the limit evaluation, for the subject's subtask's fenced commit. */
    public static UsageRecord notification(Notification n) {
        UsageRecord r = new UsageRecord();
        r.kind = Kind.NOTIFICATION;
        r.meter = n.data().meter();
        r.subject = n.data().subject();
        r.notification = n;
        return r;
    }

    /** A valid event no meter wants; its subject spreads such records over subtasks. */
    public static UsageRecord unmatched(String subject) {
        UsageRecord r = new UsageRecord();
        r.kind = Kind.UNMATCHED;
        r.subject = subject;
        return r;
    }

    /**
     * Key for keyBy: one subtask owns every window row of a subject, whatever the meter, so the dedupe
     * decides once per event. Rejections update no window row and are spread by partition.
     */
    public String routingKey() {
        if (kind == Kind.REJECTED) {
            return "\u0001" + rejection.topic + '\u0000' + rejection.partition;
        }
        return subject == null ? "" : subject;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UsageRecord)) {
            return false;
        }
        UsageRecord that = (UsageRecord) o;
        return firstOfEvent == that.firstOfEvent
                && windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && eventTime == that.eventTime
                && digestHi == that.digestHi
                && digestLo == that.digestLo
                && late == that.late
                && kind == that.kind
                && Objects.equals(meter, that.meter)
                && aggregation == that.aggregation
                && Objects.equals(subject, that.subject)
                && Objects.equals(groupValues, that.groupValues)
                && Objects.equals(value, that.value)
                && Objects.equals(uniqueValue, that.uniqueValue)
                && Objects.equals(series, that.series)
                && Objects.equals(rejection, that.rejection)
                && Objects.equals(notification, that.notification)
                && Arrays.equals(otherMeters, that.otherMeters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, meter, subject, groupValues, windowStart, digestHi, digestLo);
    }

    @Override
    public String toString() {
        return "UsageRecord{" + kind + (firstOfEvent ? "*" : "") + " " + meter + "/" + subject + " "
                + groupValues + " @" + windowStart + " t=" + eventTime + " v=" + value
                + (uniqueValue == null ? "" : " u=" + uniqueValue) + (series == null ? "" : " series=" + series)
                + (late ? " late" : "")
                + (rejection == null ? "" : " " + rejection)
                + (notification == null ? "" : " " + notification.id())
                + (otherMeters == null ? "" : " +" + Arrays.toString(otherMeters)) + "}";
    }
}
