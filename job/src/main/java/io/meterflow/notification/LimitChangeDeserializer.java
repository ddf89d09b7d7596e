package io.meterflow.notification;

import io.meterflow.limit.LimitChange;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted limits topic into (broadcast key, value JSON or {@link ThresholdWatch#DELETED}).
 * A record that is not a limit change is logged and skipped: the topic is meterflow's own, and a stray
 * record must not stop the metering job.
 */
public final class LimitChangeDeserializer implements KafkaRecordDeserializationSchema<Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LimitChangeDeserializer.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<String, String>> out) {
        parse(record.key(), record.value()).ifPresentOrElse(out::collect,
                () -> LOG.warn("Skipping a record of the limits topic at {}-{}@{}: not a meterflow limit change",
                        record.topic(), record.partition(), record.offset()));
    }

    /** (key, value or DELETED), or empty for a record that is not a limit change. */
    static Optional<Tuple2<String, String>> parse(byte[] key, byte[] value) {
        try {
            LimitChange.Key k = LimitChange.readKey(key);
            if (k.meter() == null || k.meter().indexOf('\u0000') >= 0) {
                return Optional.empty();
            }
            String v = ThresholdWatch.DELETED;
            if (value != null) {
                LimitChange.readValue(value); // only well-formed changes reach the state
                v = new String(value, StandardCharsets.UTF_8);
            }
            return Optional.of(Tuple2.of(ThresholdWatch.key(k.meter(), k.subject()), v));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    @Override
    public TypeInformation<Tuple2<String, String>> getProducedType() {
        return Types.TUPLE(Types.STRING, Types.STRING);
    }
}
