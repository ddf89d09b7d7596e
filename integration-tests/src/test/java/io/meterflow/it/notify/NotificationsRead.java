package io.meterflow.it.notify;

import io.meterflow.it.oracle.MeterflowFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the notification tests read back: the topic as read_committed consumers see it, and the table. */
final class NotificationsRead {
    private NotificationsRead() {}

    /** Reads committed notifications until {@code expected} arrived and a quiet 1.5 s followed. */
    static List<String> committed(MeterflowFixture fx, String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int quiet = 0;
            while (System.nanoTime() < deadline && (out.size() < expected || quiet < 3)) {
                int before = out.size();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                quiet = out.size() == before && out.size() >= expected ? quiet + 1 : 0;
            }
        }
        return out;
    }

    /** The ids in meterflow.notifications. */
    static Set<String> ids(MeterflowFixture fx) {
        Set<String> ids = new TreeSet<>();
        try (Connection c = fx.database.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM meterflow.notifications")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
