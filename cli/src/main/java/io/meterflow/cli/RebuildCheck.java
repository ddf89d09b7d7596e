package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a rebuild may lose, and what it changed: a rebuild recomputes from what Kafka still holds,
 * so history that retention removed is gone from the new generation. Compares the rebuilt
 * generation with the active one per meter and month, and tells whether Kafka still holds the
 * start of the active generation's history.
 */
final class RebuildCheck {
    private RebuildCheck() {}

    /** A partition's retained range and the append/create time of its first retained record (null: none). */
    record PartitionHead(int partition, long logStart, long end, Instant firstTimestamp) {}

    /** Events and value sum of one meter in one (UTC) month, in one generation. */
    record MonthTotal(String meter, YearMonth month, long events, BigDecimal valueSum) {}

    /** A meter-month whose totals differ between the active and the rebuilt generation. */
    record Difference(String meter, YearMonth month, long activeEvents, long rebuiltEvents,
            BigDecimal activeValueSum, BigDecimal rebuiltValueSum) {
        String describe() {
            String s = String.format("  %-24s %s  events %,d -> %,d (%+,d)", meter, month, activeEvents, rebuiltEvents,
                    rebuiltEvents - activeEvents);
            if (!Objects.equals(norm(activeValueSum), norm(rebuiltValueSum))) {
                s += "  value sum " + plain(activeValueSum) + " -> " + plain(rebuiltValueSum);
            }
            return s;
        }
    }

    /**
     * Why Kafka no longer holds the start of the active generation's history, or empty when it does.
     * A partition has lost records when its log starts after offset 0; they belonged to the active
     * generation's history when its oldest window is older than the first record still retained
     * (or nothing is retained there). Conservative: late events with old times can also make the
     * oldest window older; the printed difference shows what actually changed.
     */
    static Optional<String> lostHistory(List<PartitionHead> heads, Instant activeOldestWindow, String topic) {
        if (activeOldestWindow == null) {
            return Optional.empty(); // the active generation holds no usage: nothing to lose
        }
        List<String> lost = new ArrayList<>();
        for (PartitionHead h : heads) {
            if (h.logStart() <= 0) {
                continue;
            }
            if (h.firstTimestamp() == null || h.firstTimestamp().isAfter(activeOldestWindow)) {
                lost.add(h.partition() + " (log starts at offset " + h.logStart()
                        + (h.firstTimestamp() == null ? ", nothing retained" : ", first record " + h.firstTimestamp()) + ")");
            }
        }
        if (lost.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Kafka no longer holds the start of the active generation's history: its oldest window is "
                + activeOldestWindow + ", but retention removed the head of " + topic + " partition"
                + (lost.size() > 1 ? "s " : " ") + String.join(", ", lost));
    }

    /** Meter-months whose event count or value sum differ (missing on one side counts as zero). */
    static List<Difference> differences(List<MonthTotal> active, List<MonthTotal> rebuilt) {
        record Key(String meter, YearMonth month) {}
        Map<Key, MonthTotal> a = new HashMap<>();
        active.forEach(t -> a.put(new Key(t.meter(), t.month()), t));
        Map<Key, MonthTotal> b = new HashMap<>();
        rebuilt.forEach(t -> b.put(new Key(t.meter(), t.month()), t));
        TreeMap<String, Key> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k.meter() + "\u0000" + k.month(), k));
        b.keySet().forEach(k -> keys.put(k.meter() + "\u0000" + k.month(), k));
        List<Difference> out = new ArrayList<>();
        for (Key k : keys.values()) {
            MonthTotal x = a.get(k);
            MonthTotal y = b.get(k);
            long xe = x == null ? 0 : x.events();
            long ye = y == null ? 0 : y.events();
            BigDecimal xv = x == null ? null : x.valueSum();
            BigDecimal yv = y == null ? null : y.valueSum();
            if (xe != ye || !Objects.equals(norm(xv), norm(yv))) {
                out.add(new Difference(k.meter(), k.month(), xe, ye, xv, yv));
            }
        }
        return out;
    }

    private static BigDecimal norm(BigDecimal v) {
        return v == null || v.signum() == 0 ? null : v.stripTrailingZeros();
    }

    private static String plain(BigDecimal v) {
        return v == null ? "0" : v.stripTrailingZeros().toPlainString();
    }

    /** Per meter and UTC month: counted events and value sum of a generation (from usage_windows). */
    static List<MonthTotal> monthTotals(Connection db, int generation) throws SQLException {
        List<MonthTotal> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT meter, date_trunc('month', window_start AT TIME ZONE 'UTC') AS month, sum(event_count),"
                        + " sum(value_sum) FROM meterflow.usage_windows WHERE generation = ? GROUP BY 1, 2")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var month = rs.getTimestamp(2).toLocalDateTime();
                    out.add(new MonthTotal(rs.getString(1), YearMonth.of(month.getYear(), month.getMonth()),
                            rs.getLong(3), rs.getBigDecimal(4)));
                }
            }
        }
        return out;
    }

    /** The oldest window start of a generation, null when it holds no usage. */
    static Instant oldestWindow(Connection db, int generation) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT min(window_start) FROM meterflow.usage_windows WHERE generation = ?")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    /** Log start, end and first retained record's timestamp of every partition of the topic. */
    static List<PartitionHead> heads(Admin admin, MeterflowConfig config) throws Exception {
        String topic = config.kafka().topic();
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
                admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Instant> first = new HashMap<>();
        List<TopicPartition> truncated = start.entrySet().stream()
                .filter(e -> e.getValue().offset() > 0 && e.getValue().offset() < end.get(e.getKey()).offset())
                .map(Map.Entry::getKey).toList();
        if (!truncated.isEmpty()) {
            first.putAll(firstTimestamps(config, truncated, start));
        }
        List<PartitionHead> out = new ArrayList<>();
        for (TopicPartition tp : start.keySet()) {
            out.add(new PartitionHead(tp.partition(), start.get(tp).offset(), end.get(tp).offset(), first.get(tp)));
        }
        out.sort(java.util.Comparator.comparingInt(PartitionHead::partition));
        return out;
    }

    /** Reads the first retained record of each partition (its timestamp only). */
    private static Map<TopicPartition, Instant> firstTimestamps(MeterflowConfig config, List<TopicPartition> partitions,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start) {
        Properties p = Services.kafkaProperties(config);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "meterflow-cli-rebuild-check");
        Map<TopicPartition, Instant> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            partitions.forEach(tp -> consumer.seek(tp, start.get(tp).offset()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < partitions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    out.putIfAbsent(tp, Instant.ofEpochMilli(r.timestamp()));
                    consumer.pause(List.of(tp));
                }
            }
        }
        return out;
    }
}
