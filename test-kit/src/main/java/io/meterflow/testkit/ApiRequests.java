package io.meterflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The launcher tests' workload: one COUNT meter, {@code api_requests}, fed by {@code api.request}
 * CloudEvents. Writes their config file and produces their events.
 */
public final class ApiRequests {
    public static final String METER = "api_requests";

    private ApiRequests() {}

    /**
     * Writes a config for the shared broker and {@code db}, checkpoints every second.
     *
     * @param withPassword false for {@code submit}, which refuses inline secrets (the test server trusts loopback)
     * @param checkpointDir null = the launcher's default
     * @param parallelism 0 = the default
     */
    public static Path writeConfig(Path file, String topic, String groupId, PostgresDatabase db, boolean withPassword,
            Path checkpointDir, int parallelism) throws IOException {
        List<String> y = new ArrayList<>(List.of(
                "kafka:",
                "  bootstrapServers: " + TestServices.get().kafkaBootstrapServers(),
                "  topic: " + topic,
                "  groupId: " + groupId,
                "postgres:",
                "  url: " + db.jdbcUrl(),
                "  user: " + db.user()));
        if (withPassword) {
            y.add("  password: " + db.password());
        }
        y.add("checkpoint:");
        y.add("  interval: 1s");
        if (checkpointDir != null) {
            y.add("  dir: " + checkpointDir.toUri());
        }
        if (parallelism > 0) {
            y.add("job:");
            y.add("  parallelism: " + parallelism);
        }
        y.addAll(List.of(
                "meters:",
                "  - slug: " + METER,
                "    eventType: api.request",
                "    aggregation: COUNT",
                ""));
        return Files.writeString(file, String.join("\n", y), StandardCharsets.UTF_8);
    }

    /**
     * Produces events {@code e<firstId>} … {@code e<firstId + n - 1>} from {@code source}, spread over
     * {@code subjects} customers (keyed by subject), with event time {@code time.apply(id)}.
     */
    public static void produce(String topic, String source, int firstId, int n, int subjects, IntFunction<Instant> time) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.get().kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = firstId; i < firstId + n; i++) {
                String subject = "customer-" + (i % subjects);
                producer.send(new ProducerRecord<>(topic, subject, "{\"specversion\":\"1.0\",\"id\":\"e" + i
                        + "\",\"source\":\"" + source + "\",\"type\":\"api.request\",\"subject\":\"" + subject
                        + "\",\"time\":\"" + time.apply(i) + "\",\"data\":{}}"));
            }
        }
    }
}
