package io.meterflow.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job's two notification topics: the compacted limits topic (the latest change per (meter,
 * subject) is the state the job seeds and re-reads) and the notifications topic. Created when missing
 * before the job subscribes; the limits topic is read to its end for the {@link LimitsSnapshot}.
 */
public final class NotificationTopics {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private NotificationTopics() {}

    /** @throws IllegalStateException naming the topic when it cannot be created or is not compacted */
    public static void ensure(Properties kafka, String limitsTopic, String notificationsTopic) {
        try (Admin admin = Admin.create(kafka)) {
            ensureCompacted(admin, limitsTopic);
            create(admin, new NewTopic(notificationsTopic, Optional.empty(), Optional.empty()));
        }
    }

    private static void ensureCompacted(Admin admin, String topic) {
        if (create(admin, new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))) {
            return;
        }
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String policy;
        try {
            Config config = admin.describeConfigs(List.of(r)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(r);
            policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the configuration of Kafka topic '" + topic + "': " + e.getMessage(), e);
        }
        if (!Set.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("Kafka topic '" + topic + "' (notifications.limitsTopic) has cleanup.policy=" + policy
                    + "; it must be compacted (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact)");
        }
    }

    /** True if created, false if it existed. */
    private static boolean create(Admin admin, NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create Kafka topic '" + topic.name() + "': " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create Kafka topic '" + topic.name() + "': " + e, e);
        }
    }

    /** Reads the limits topic from its beginning to the end offsets of now (read_committed). */
    public static LimitsSnapshot readLimits(Properties kafka, String topic) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Instant deadline = Instant.now().plus(TIMEOUT);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> assigned = partitions.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
            Map<String, String> limits = new TreeMap<>();
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read Kafka topic '" + topic + "' to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue; // newer than the snapshot: the job's source reads it
                    }
                    LimitChangeDeserializer.parse(r.key(), r.value()).ifPresent(c -> {
                        if (ThresholdWatch.DELETED.equals(c.f1)) {
                            limits.remove(c.f0);
                        } else {
                            limits.put(c.f0, c.f1);
                        }
                    });
                }
            }
            Map<Integer, Long> offsets = new HashMap<>();
            end.forEach((tp, o) -> offsets.put(tp.partition(), o));
            return new LimitsSnapshot(limits, offsets);
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
