package io.meterflow.api;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.limit.Limit;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.sink.LimitStore;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one implementation of a limit change, for {@code ./meterflow limits} and the HTTP API. Input is
 * checked first ({@link #limit}); then a change is applied to both copies, in this order: (1) every check
 * against PostgreSQL (the meter exists, the subject is known); (2) the row is written in an open
 * transaction, which locks it; (3) the record is published to the compacted limits topic and
 * acknowledged; (4) the transaction commits. Why: a failed check or a failed publish leaves nothing
 * applied anywhere (the transaction rolls back); the row lock makes concurrent changes of one (meter,
 * subject) reach the topic in the order they reach PostgreSQL, so the job and the readable copy cannot
 * end on different values. The one gap, a commit that fails after the publish, leaves the job ahead of
 * the readable copy; making the same change again repairs it (every change is idempotent).
 */
public final class LimitChanges implements AutoCloseable {
    /** Sends one record to the limits topic and returns once it is acknowledged. */
    public interface Publisher {
        void publish(byte[] key, byte[] value) throws Exception;
    }

    private static final long KAFKA_TIMEOUT_MS = 15_000;

    private final LimitStore store;
    private final Publisher publisher;
    private final Clock clock;
    private final String newSubjectHint;
    private final AutoCloseable resources;

    /**
     * @param newSubjectHint how the caller lets a limit be set before a subject's first event (the CLI's
     *     {@code --new-subject}, the API's {@code "newSubject": true}), for the unknown-subject message
     */
    public LimitChanges(LimitStore store, Publisher publisher, Clock clock, String newSubjectHint) {
        this(store, publisher, clock, newSubjectHint, null);
    }

    private LimitChanges(LimitStore store, Publisher publisher, Clock clock, String newSubjectHint, AutoCloseable resources) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
        this.newSubjectHint = newSubjectHint;
        this.resources = resources;
    }

    /**
     * Changes against the configured PostgreSQL (the writer's login, as the job's) and limits topic, with an
     * idempotent producer ({@code acks=all}) that this object owns. Call {@link #ensureCompacted} first.
     */
    public static LimitChanges open(MeterflowConfig c, String newSubjectHint) {
        String topic = c.notifications().limitsTopic();
        Properties p = kafkaProperties(c);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "meterflow-limits");
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Publisher publisher = (key, value) -> {
            try {
                producer.send(new ProducerRecord<>(topic, key, value)).get(45, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new LimitChangeException(LimitChangeException.Kind.UNAVAILABLE, null, "cannot publish the change to Kafka topic '"
                        + topic + "' (nothing was changed): " + firstLine(rootCause(e).getMessage()), e);
            }
        };
        return new LimitChanges(new LimitStore(c.postgres().connectionSettings()), publisher, Clock.systemUTC(), newSubjectHint,
                producer::close);
    }

    /**
     * A limit from its parts as typed or sent; {@code subject} null is the meter's default.
     *
     * @throws LimitChangeException (INVALID) naming the part at fault: limit, period, timeZone or anchor
     */
    public static Limit limit(String meter, String subject, String value, String period, String zone, String anchor) {
        BigDecimal v;
        try {
            v = Limit.parseValue(value);
        } catch (IllegalArgumentException e) {
            throw new LimitChangeException(LimitChangeException.Kind.INVALID, "limit", e.getMessage(), e);
        }
        String[][] parts = {{"period", period}, {"timeZone", zone}, {"anchor", anchor}};
        for (int i = 0; i < parts.length; i++) {
            try {
                PeriodSchedule.parse(i == 0 ? period : null, i == 1 ? zone : null, i == 2 ? anchor : null);
            } catch (IllegalArgumentException e) {
                throw new LimitChangeException(LimitChangeException.Kind.INVALID, parts[i][0], e.getMessage(), e);
            }
        }
        return new Limit(meter, subject, v, PeriodSchedule.parse(period, zone, anchor));
    }

    /** Creates or replaces a limit; {@code newSubject} allows a subject without recorded usage. */
    public void set(Limit limit, boolean newSubject) throws Exception {
        requireMeter(limit.meter());
        if (!limit.isDefault()) {
            requireSubject(limit.subject(), newSubject);
        }
        try (LimitStore.Change c = store.begin()) {
            c.set(limit);
            Instant reset = limit.isDefault() ? null : c.latestReset(limit.meter(), limit.subject());
            publisher.publish(LimitChange.key(limit.meter(), limit.subject()), LimitChange.value(limit, reset, clock.instant()));
            c.commit();
        }
    }

    /** False if there was no such limit (nothing changed, nothing published). */
    public boolean delete(String meter, String subject) throws Exception {
        requireMeter(meter);
        try (LimitStore.Change c = store.begin()) {
            if (!c.delete(meter, subject)) {
                return false;
            }
            Instant reset = subject == null ? null : c.latestReset(meter, subject);
            // A tombstone, unless a manual reset must survive the limit: then "no limit of its own, reset at".
            publisher.publish(LimitChange.key(meter, subject),
                    reset == null ? null : LimitChange.resetOnly(meter, subject, reset, clock.instant()));
            c.commit();
            return true;
        }
    }

    public void reset(String meter, String subject, Instant at) throws Exception {
        requireMeter(meter);
        requireSubject(subject, false);
        try (LimitStore.Change c = store.begin()) {
            Limit own = c.own(meter, subject);
            c.reset(meter, subject, at);
            Instant latest = c.latestReset(meter, subject);
            publisher.publish(LimitChange.key(meter, subject), own == null
                    ? LimitChange.resetOnly(meter, subject, latest, clock.instant())
                    : LimitChange.value(own, latest, clock.instant()));
            c.commit();
        }
    }

    /** Subject limits and defaults (subject null), as {@link LimitStore#list}. */
    public List<Limit> list(String meter, String subject) throws SQLException {
        return store.list(meter, subject);
    }

    private void requireMeter(String meter) throws SQLException {
        List<String> meters = store.meters();
        if (!meters.contains(meter)) {
            throw new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "meter", "unknown meter '" + meter + "' "
                    + (meters.isEmpty() ? "(PostgreSQL has no meters yet: the job writes them when it starts)"
                    : "(meters: " + String.join(", ", meters) + ")"));
        }
    }

    private void requireSubject(String subject, boolean newSubject) throws SQLException {
        if (!newSubject && !store.subjectKnown(subject)) {
            throw new LimitChangeException(LimitChangeException.Kind.NOT_FOUND, "subject", "unknown subject '" + subject
                    + "' (no usage recorded for it in any meter): check the spelling, or pass " + newSubjectHint
                    + " to set a limit before its first event");
        }
    }

    /** The limits topic must be compacted (the latest state per key is what the job restores from); creates it if missing. */
    public static void ensureCompacted(Admin admin, MeterflowConfig c) throws Exception {
        String topic = c.notifications().limitsTopic();
        try {
            NewTopic t = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(t)).all().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LimitChangeException(LimitChangeException.Kind.UNAVAILABLE, null, "cannot create the limits topic '" + topic
                        + "' on " + c.kafka().bootstrapServers() + ": " + firstLine(rootCause(e).getMessage()), e);
            }
        }
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(r)).all().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(r);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!Set.of(policy.split(",")).contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new LimitChangeException(LimitChangeException.Kind.UNAVAILABLE, null, "Kafka topic '" + topic
                    + "' (notifications.limitsTopic) has cleanup.policy=" + policy
                    + "; it must be compacted (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=compact)");
        }
    }

    static Properties kafkaProperties(MeterflowConfig c) {
        Properties p = new Properties();
        p.putAll(c.kafka().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafka().bootstrapServers());
        return p;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable r = t;
        for (int i = 0; i < 20 && r.getCause() != null && r.getCause() != r; i++) {
            r = r.getCause();
        }
        return r;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }
}
