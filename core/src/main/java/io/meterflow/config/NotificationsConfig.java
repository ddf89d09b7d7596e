package io.meterflow.config;

import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.Threshold;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code notifications} section: threshold rules and how their notifications are delivered. Every
 * key, with its default:
 *
 * <pre>
 * notifications:
 *   topic: meterflow-notifications     # the job writes notifications here (transactionally)
 *   limitsTopic: meterflow-limits      # compacted; ./meterflow limits and the API write limit changes here
 *   delivery:                          # the webhook deliverer (./meterflow notify)
 *     groupId: meterflow-notify        # its Kafka consumer group
 *     timeout: 10s                     # one POST: connect + response
 *     initialBackoff: 1s               # first retry after this, doubling, with full jitter
 *     maxBackoff: 10m                  # at most this between attempts
 *     maxRetryTime: 24h                # then the notification is recorded as failed and skipped
 *   rules:                             # optional; none: no notifications
 *     - name: quota                    # ^[a-z0-9]+(?:[_-][a-z0-9]+)*$, at most 64 chars, unique; part of ids
 *       meter: api_calls               # a configured meter slug
 *       thresholds: [50%, 80%, 100%, 10000]  # % of the subject's limit, or absolute; 1..1000 entries
 *       period: MONTH                  # MONTH (default) WEEK DAY HOUR: for subjects without a limit
 *       timeZone: UTC                  # IANA zone, default UTC
 *       anchor: 2026-01-17T09:00       # local date-time the periods renew at; default the 1st at 00:00
 *       channels:                      # at least one
 *         - url: https://example.com/hooks/meterflow  # Standard Webhooks POST
 *           secret: whsec_...          # or secretEnv: NAME; base64 after whsec_, 24..64 bytes
 * </pre>
 *
 * <p>A subject's period comes from its limit ({@code ./meterflow limits set --period ...}), else the
 * meter's default limit, else the rule's {@code period}: a percentage threshold needs a limit, an
 * absolute one does not.
 */
public final class NotificationsConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_TOPIC = "meterflow-notifications";
    public static final String DEFAULT_LIMITS_TOPIC = "meterflow-limits";
    /** A rule's name goes into notification ids and URLs: plain, short, stable. */
    public static final Pattern NAME = Pattern.compile("^(?=.{1,64}$)[a-z0-9]+(?:[_-][a-z0-9]+)*$");
    /** Beyond this a list is a mistake (and every event would test it). */
    public static final int MAX_THRESHOLDS = 1000;

    private final String topic;
    private final String limitsTopic;
    private final Delivery delivery;
    private final List<Rule> rules;

    NotificationsConfig(String topic, String limitsTopic, Delivery delivery, List<Rule> rules) {
        this.topic = topic;
        this.limitsTopic = limitsTopic;
        this.delivery = delivery;
        this.rules = List.copyOf(rules);
    }

    static NotificationsConfig defaults() {
        return new NotificationsConfig(DEFAULT_TOPIC, DEFAULT_LIMITS_TOPIC, Delivery.defaults(), List.of());
    }

    public String topic() { return topic; }
    public String limitsTopic() { return limitsTopic; }
    public Delivery delivery() { return delivery; }
    public List<Rule> rules() { return rules; }

    /** The rule named {@code name}, or null. */
    public Rule rule(String name) {
        for (Rule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** How the deliverer retries. */
    public record Delivery(String groupId, Duration timeout, Duration initialBackoff, Duration maxBackoff, Duration maxRetryTime)
            implements Serializable {
        static Delivery defaults() {
            return new Delivery("meterflow-notify", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(10),
                    Duration.ofHours(24));
        }
    }

    /** Where a rule's notifications go; the secret signs them. */
    public record Channel(URI url, Secret secret) implements Serializable {}

    /** One rule: its thresholds sorted (percentages, then amounts) and without duplicates. */
    public record Rule(String name, String meter, List<Threshold> thresholds, PeriodSchedule schedule, List<Channel> channels)
            implements Serializable {
        public Rule {
            thresholds = List.copyOf(thresholds);
            channels = List.copyOf(channels);
        }
    }

    Map<String, Object> redacted() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", topic);
        m.put("limitsTopic", limitsTopic);
        m.put("delivery", Map.of("groupId", delivery.groupId(), "timeout", Durations.format(delivery.timeout()),
                "initialBackoff", Durations.format(delivery.initialBackoff()), "maxBackoff", Durations.format(delivery.maxBackoff()),
                "maxRetryTime", Durations.format(delivery.maxRetryTime())));
        List<Object> rs = new ArrayList<>();
        for (Rule r : rules) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", r.name());
            x.put("meter", r.meter());
            x.put("thresholds", r.thresholds().stream().map(Threshold::text).toList());
            x.put("period", r.schedule().unit() + " " + r.schedule().zone() + " " + r.schedule().anchor());
            // URLs may carry a token in their query: show scheme, host and path only.
            x.put("channels", r.channels().stream().map(c -> c.url().getScheme() + "://" + c.url().getHost()
                    + (c.url().getPort() < 0 ? "" : ":" + c.url().getPort()) + c.url().getPath()).toList());
            rs.add(x);
        }
        m.put("rules", rs);
        return m;
    }

    @Override
    public String toString() {
        return "Notifications" + redacted();
    }
}
