package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a job is behind: consumer lag of its group (the source commits offsets at each
 * checkpoint) and events read as committed to PostgreSQL.
 */
final class Progress {
    private final Admin admin;
    private final Connection db;
    private final String topic;
    private final String group;
    private final int generation;

    Progress(Admin admin, Connection db, MeterflowConfig config, int generation) {
        this(admin, db, config, config.kafka().groupId(), generation);
    }

    /** Watches the lag of {@code group} (a replay commits to its own group). */
    Progress(Admin admin, Connection db, MeterflowConfig config, String group, int generation) {
        this.admin = admin;
        this.db = db;
        this.topic = config.kafka().topic();
        this.group = group;
        this.generation = generation;
    }

    /** Latest offsets (end of log) per partition. */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions();
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }

    /** Offsets of the first record at or after {@code millis} (the end offset where there is none). */
    Map<TopicPartition, Long> offsetsAt(long millis) throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, OffsetSpec> request = end.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.forTimestamp(millis)));
        Map<TopicPartition, Long> at = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            long o = e.getValue().offset();
            at.put(e.getKey(), o < 0 ? end.get(e.getKey()) : o);
        }
        return at;
    }

    /** Committed offsets of the job's consumer group (absent partitions: nothing committed yet). */
    Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> m = new HashMap<>();
        c.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(topic)) {
                m.put(tp, om.offset());
            }
        });
        return m;
    }

    /** Records between the group's committed offsets and the end of the log, -1 before the first commit. */
    long lag() throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<TopicPartition, Long> committed = committed();
        if (committed.isEmpty() && end.values().stream().anyMatch(o -> o > 0)) {
            return -1;
        }
        return lag(end, committed);
    }

    static long lag(Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            lag += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    /** The pipeline-wide events_read counter of the generation, as committed to PostgreSQL. */
    long eventsRead() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT coalesce(sum(value), 0) FROM meterflow.counters WHERE generation = ? AND meter = '' AND counter = 'events_read'")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
