package io.meterflow.pipeline;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.UsageRecordTypeInfo;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.UsageEvent;
import io.meterflow.meter.MeterCatalog;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
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

    public MeteringDeserializer(CloudEventDecoder decoder, MeterCatalog meters) {
        this.decoder = decoder;
        this.meters = meters;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<UsageRecord> out) {
        decoder.decode(toIngestRecord(record), new Fanout(out, meters));
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

    /** Routes decoder output: valid events to meter matching, rejections straight out. */
    private static final class Fanout implements CloudEventDecoder.Output {
        private final Collector<UsageRecord> out;
        private final MeterCatalog meters;

        Fanout(Collector<UsageRecord> out, MeterCatalog meters) {
            this.out = out;
            this.meters = meters;
        }

        @Override
        public void event(UsageEvent e) {
            meters.meter(e, out::collect);
        }

        @Override
        public void rejected(RejectedEvent rejection) {
            UsageRecord r = UsageRecord.rejected(rejection);
            r.firstOfEvent = true;
            out.collect(r);
        }
    }
}
