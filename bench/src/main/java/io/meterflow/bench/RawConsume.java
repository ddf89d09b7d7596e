package io.meterflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The physical limit: one KafkaConsumer thread reading the whole topic, optionally parsing each value with Jackson. */
final class RawConsume {
    private RawConsume() {}

    /** Returns elapsed nanos to read {@code expected} records (all partitions, from the beginning). */
    static long read(String bootstrap, String topic, long expected, boolean parse) {
        return read(bootstrap, topic, expected, parse, null);
    }

    /** As {@link #read(String, String, long, boolean)}, noting the time after each poll in {@code trace} (if not null). */
    static long read(String bootstrap, String topic, long expected, boolean parse, SteadyWindow.Trace trace) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 << 20));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        ObjectMapper json = new ObjectMapper();
        long seen = 0;
        long sink = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (seen < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("raw consume read only " + seen + " of " + expected);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    seen++;
                    if (parse) {
                        try {
                            JsonNode n = json.readTree(r.value());
                            sink += n.size();
                        } catch (java.io.IOException e) {
                            sink--;
                        }
                    } else {
                        sink += r.value().length;
                    }
                }
                if (trace != null && !records.isEmpty()) {
                    trace.add(System.nanoTime() - start, seen);
                }
            }
        }
        long elapsed = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print(""); // keep the JIT from dropping the parse
        }
        return elapsed;
    }
}
