package io.meterflow.pipeline;

import io.meterflow.aggregate.MetricNames;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.UsageRecordTypeInfo;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.UsageEvent;
import io.meterflow.meter.MeterCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes each Kafka record and fans it out to the meters it matches, inside the source: one JSON
 * pass per record, and per-partition watermarks see real event times. Every outcome (metered,
 * rejected, unmatched) is emitted, so nothing is dropped silently.
 */
public final class MeteringDeserializer implements KafkaRecordDeserializationSchema<UsageRecord> {
    private static final long serialVersionUID = 1L;

    private final CloudEventDecoder decoder;
    private final MeterCatalog meters;
    private transient SourceMetrics metrics;
    /** The decoder keeping only the data the meters read: the rest is skipped (and validated), never built. */
    private transient CloudEventDecoder reading;
    private transient Fanout fanout;

    public MeteringDeserializer(CloudEventDecoder decoder, MeterCatalog meters) {
        this.decoder = decoder;
        this.meters = meters;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        start(new SourceMetrics(context.getMetricGroup()));
    }

    // Everything per instance is set up here, not on the first record: a branch that only a new
    // instance takes would make C2 throw away the compiled source path at every job start.
    private void start(SourceMetrics sourceMetrics) {
        metrics = sourceMetrics;
        reading = decoder.withDataPaths(meters.dataPaths());
        fanout = new Fanout(meters, metrics);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<UsageRecord> out) {
        if (fanout == null) { // used without open() (tests): count into nothing
            start(new SourceMetrics(new UnregisteredMetricsGroup()));
        }
        fanout.out = out; // the same collector in practice; one Fanout per deserializer, not per record
        reading.decode(toIngestRecord(record), fanout);
    }

    static IngestRecord toIngestRecord(ConsumerRecord<byte[], byte[]> record) {
        IngestRecord r = new IngestRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.value());
        r.key = record.key();
        Header[] headers = record.headers().toArray();
        if (headers.length > 0) {
            r.headerNames = new String[headers.length];
            r.headerValues = new byte[headers.length][];
            for (int i = 0; i < headers.length; i++) {
                r.headerNames[i] = headers[i].key();
                r.headerValues[i] = headers[i].value();
            }
        }
        return r;
    }

    @Override
    public TypeInformation<UsageRecord> getProducedType() {
        return UsageRecordTypeInfo.INSTANCE;
    }

    /**
     * Routes decoder output: valid events to meter matching, rejections straight out. An event's
     * metered records leave as one: the first carries the others ({@link UsageRecord#otherMeters}).
     */
    private static final class Fanout implements CloudEventDecoder.Output {
        private Collector<UsageRecord> out;
        private final MeterCatalog meters;
        private final SourceMetrics metrics;
        private final List<UsageRecord> metered = new ArrayList<>();

        Fanout(MeterCatalog meters, SourceMetrics metrics) {
            this.meters = meters;
            this.metrics = metrics;
        }

        @Override
        public void event(UsageEvent e) {
            metered.clear();
            meters.meter(e, r -> {
                if (r.kind == UsageRecord.Kind.METERED) {
                    metrics.count(r);
                    metered.add(r);
                } else {
                    emit(r); // rejected for one meter, or unmatched: keyed on their own
                }
            });
            if (!metered.isEmpty()) {
                UsageRecord first = metered.get(0);
                if (metered.size() > 1) {
                    first.otherMeters = metered.subList(1, metered.size()).toArray(new UsageRecord[0]);
                }
                out.collect(first);
            }
        }

        @Override
        public void rejected(RejectedEvent rejection) {
            UsageRecord r = UsageRecord.rejected(rejection);
            r.firstOfEvent = true;
            emit(r);
        }

        private void emit(UsageRecord r) {
            metrics.count(r);
            out.collect(r);
        }
    }

    /** The source's outcome counters, in the group {@value MetricNames#GROUP} of the source operator. */
    private static final class SourceMetrics {
        private final Counter read;
        private final Counter unmatched;
        private final Map<String, Counter> rejectedByReason = new HashMap<>();

        SourceMetrics(MetricGroup operatorGroup) {
            MetricGroup g = operatorGroup.addGroup(MetricNames.GROUP);
            read = g.counter(MetricNames.EVENTS_READ);
            unmatched = g.counter(MetricNames.EVENTS_UNMATCHED);
            for (String reason : MetricNames.reasons()) {
                rejectedByReason.put(reason, g.addGroup(MetricNames.REASON, reason).counter(MetricNames.EVENTS_REJECTED));
            }
        }

        /** Per record: an event counts as read once (its first record); rejections once per event or meter. */
        void count(UsageRecord r) {
            if (r.firstOfEvent) {
                read.inc();
            }
            if (r.kind == UsageRecord.Kind.REJECTED) {
                rejectedByReason.get(MetricNames.reason(r.rejection.reason)).inc();
            } else if (r.kind == UsageRecord.Kind.UNMATCHED) {
                unmatched.inc();
            }
        }
    }
}
