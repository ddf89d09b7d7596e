package io.meterflow.notification;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.config.NotificationsConfig;
import io.meterflow.event.EventDigest;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.SubjectMeterUsage;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The threshold rules as the dedupe stage applies them to what it counts: per (rule, meter) of the
 * current subject, a {@link SubjectMeterUsage} in keyed state (the usage of the recent periods and the
 * thresholds already fired), and the limits as broadcast state, the latest value per limits-topic key.
 * The caller sets the key context and hands notifications on; the decisions are
 * {@link SubjectMeterUsage}'s.
 *
 * <p>It runs in the dedupe's operator, on each counted record in arrival order, so it sees every
 * counted event exactly once, and its state is checkpointed with the dedupe's: a restore never fires a
 * crossing twice or loses one, and the notifications join the same epoch's commit.
 */
public final class ThresholdWatch implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Latest value per limits-topic key ({@link #key}); tombstones are removed. */
    public static final MapStateDescriptor<String, String> LIMITS =
            new MapStateDescriptor<>("limits", Types.STRING, Types.STRING);
    /** Marks broadcast state that was seeded (or restored): a seed is applied once per lineage. */
    static final String SEEDED = "\u0001seeded";
    /** The value a deleted limit reaches the job as (a Tuple2 field cannot be null). */
    public static final String DELETED = "";
    /** A usage period is a month at most. */
    private static final Duration LONGEST_PERIOD = Duration.ofDays(32);

    /** What the job needs of a rule (not its channels: their secrets stay out of the job graph). */
    public record WatchedRule(String name, String meter, SubjectMeterUsage.Rule thresholds, PeriodSchedule schedule)
            implements Serializable {}

    private final Map<String, List<WatchedRule>> rulesByMeter = new HashMap<>();
    private final Duration horizon;
    private final LimitsSnapshot seed;
    private transient MapState<String, byte[]> usage;
    private transient BroadcastState<String, String> limits;
    private transient Map<String, LimitChange.Value> parsed;

    /**
     * @param horizon how long after its end a period can still receive counted events (the dedupe TTL:
     *     an event older than that is not deduplicated, so not counted)
     * @param seed the limits topic as read before the job started, for a start without state
     */
    public ThresholdWatch(List<NotificationsConfig.Rule> rules, Duration horizon, LimitsSnapshot seed) {
        for (NotificationsConfig.Rule r : rules) {
            rulesByMeter.computeIfAbsent(r.meter(), m -> new ArrayList<>())
                    .add(new WatchedRule(r.name(), r.meter(), new SubjectMeterUsage.Rule(r.name(), r.thresholds()), r.schedule()));
        }
        this.horizon = Objects.requireNonNull(horizon, "horizon");
        this.seed = Objects.requireNonNull(seed, "seed");
    }

    /** Keyed state per subject: (rule NUL meter) → its {@link SubjectMeterUsage}; idle subjects expire. */
    public MapStateDescriptor<String, byte[]> usageDescriptor() {
        MapStateDescriptor<String, byte[]> d =
                new MapStateDescriptor<>("rule-usage", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        // Written on every counted event: once this has passed, the last period written has ended and
        // no event of it can be counted any more.
        d.enableTimeToLive(StateTtlConfig.newBuilder(horizon.plus(LONGEST_PERIOD))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build());
        return d;
    }

    /** Binds the state; seeds the limits unless this state already holds a seeded or restored copy. */
    public void open(MapState<String, byte[]> usageState, BroadcastState<String, String> limitsState) throws Exception {
        this.usage = usageState;
        this.limits = limitsState;
        this.parsed = new HashMap<>();
        if (!limits.contains(SEEDED)) {
            for (Map.Entry<String, String> e : seed.limits().entrySet()) {
                limits.put(e.getKey(), e.getValue());
            }
            limits.put(SEEDED, "");
        }
    }

    /** True for the records this evaluates: counted, for a meter some rule watches. */
    public boolean watches(UsageRecord r) {
        return r.kind == UsageRecord.Kind.COUNTED && rulesByMeter.containsKey(r.meter);
    }

    /** One counted record of the current key's subject. */
    public void onCounted(UsageRecord r, Consumer<Notification> out) throws Exception {
        List<WatchedRule> rules = rulesByMeter.get(r.meter);
        if (rules == null || r.kind != UsageRecord.Kind.COUNTED) {
            return;
        }
        BigDecimal value = r.aggregation == Aggregation.COUNT ? BigDecimal.ONE : r.value;
        if (value == null) {
            return; // rules need an additive meter (the config refuses others): nothing to add
        }
        Effective limit = effective(r.meter, r.subject);
        Instant eventTime = Instant.ofEpochMilli(r.eventTime);
        String eventId = new EventDigest(r.digestHi, r.digestLo).toHex();
        for (WatchedRule rule : rules) {
            String stateKey = stateKey(rule);
            SubjectMeterUsage u = read(stateKey, r.meter, r.subject);
            List<Notification> fired = u.onEvent(List.of(rule.thresholds()), limit.value(), limit.schedule(rule),
                    limit.resetAt(), eventTime, value, eventId);
            u.expire(eventTime.minus(horizon));
            usage.put(stateKey, u.toBytes());
            fired.forEach(out);
        }
    }

    /**
     * A limits-topic record, applied on every subtask (broadcast), then re-evaluated for the subjects
     * {@code forEachSubject} visits on this subtask: lowering a limit fires what the usage now exceeds,
     * raising it re-arms, a new manual reset starts a period. The caller must have handed over every
     * record that arrived before the change, so the outcome depends on arrival order only.
     */
    public void onLimitChange(Tuple2<String, String> change, SubjectVisitor forEachSubject, Consumer<Notification> out)
            throws Exception {
        String key = change.f0;
        int sep = key.indexOf('\u0000');
        if (sep < 0) {
            return; // not a limits key (the deserializer lets none through)
        }
        String meter = key.substring(0, sep);
        String subject = sep + 1 == key.length() ? null : key.substring(sep + 1);
        List<WatchedRule> rules = rulesByMeter.get(meter);
        Map<String, Effective> before = new HashMap<>();
        if (rules != null) {
            forEachSubject.visit(subject, s -> before.put(s, effective(meter, s)));
        }
        if (DELETED.equals(change.f1)) {
            limits.remove(key);
        } else {
            limits.put(key, change.f1);
        }
        if (rules == null) {
            return;
        }
        forEachSubject.visit(subject, s -> {
            Effective was = before.get(s);
            Effective now = effective(meter, s);
            if (subject == null && now.own()) {
                return; // a default does not apply to a subject with a limit of its own
            }
            for (WatchedRule rule : rules) {
                String stateKey = stateKey(rule);
                byte[] bytes = usage.get(stateKey);
                boolean resetNow = now.resetAt() != null && !now.resetAt().equals(was == null ? null : was.resetAt());
                if (bytes == null && !resetNow) {
                    continue; // nothing counted, nothing to re-evaluate
                }
                SubjectMeterUsage u = bytes == null ? new SubjectMeterUsage(meter, s) : SubjectMeterUsage.fromBytes(bytes);
                List<Notification> fired = new ArrayList<>();
                if (resetNow) {
                    // A manual reset starts a new period at once, with its notification.
                    fired.addAll(u.onEvent(List.of(rule.thresholds()), now.value(), now.schedule(rule), now.resetAt(),
                            now.resetAt(), BigDecimal.ZERO, null));
                }
                BigDecimal oldValue = was == null ? null : was.value();
                if (!Objects.equals(oldValue, now.value())) {
                    fired.addAll(u.onLimitChange(List.of(rule.thresholds()), oldValue, now.value(), now.changedAt()));
                }
                usage.put(stateKey, u.toBytes());
                fired.forEach(out);
            }
        });
    }

    /** Runs an action with the key context set to each subject a limits key concerns on this subtask. */
    @FunctionalInterface
    public interface SubjectVisitor {
        /** @param subject the limit's subject, or null for a meter's default (every subject here) */
        void visit(String subject, SubjectAction action) throws Exception;
    }

    /** What runs per subject, the key context set to it. */
    @FunctionalInterface
    public interface SubjectAction {
        void apply(String subject) throws Exception;
    }

    /** The limits topic's key as the broadcast state holds it: {@code meter NUL subject}, '' for a default. */
    public static String key(String meter, String subject) {
        return meter + '\u0000' + (subject == null ? "" : subject);
    }

    /** The keyed state's key for one rule. */
    private static String stateKey(WatchedRule rule) {
        return rule.name() + '\u0000' + rule.meter();
    }

    private SubjectMeterUsage read(String stateKey, String meter, String subject) throws Exception {
        byte[] bytes = usage.get(stateKey);
        if (bytes == null) {
            return new SubjectMeterUsage(meter, subject);
        }
        return SubjectMeterUsage.fromBytes(bytes);
    }

    /** The limit in force for (meter, subject): its own, else the meter's default; and its manual reset. */
    private Effective effective(String meter, String subject) throws Exception {
        LimitChange.Value own = parse(limits.get(key(meter, subject)));
        LimitChange.Value fallback = parse(limits.get(key(meter, null)));
        boolean hasOwn = own != null && own.limit() != null;
        LimitChange.Value v = hasOwn ? own : fallback != null && fallback.limit() != null ? fallback : null;
        Instant changedAt = v == null ? (own != null ? own.changedAt() : fallback != null ? fallback.changedAt() : null)
                : v.changedAt();
        return new Effective(v == null ? null : v.limit(), v == null ? null : v.toLimit().schedule(),
                own == null ? null : own.resetAt(), changedAt == null ? Instant.EPOCH : changedAt, hasOwn);
    }

    private LimitChange.Value parse(String json) {
        if (json == null) {
            return null;
        }
        if (parsed.size() > 100_000) {
            parsed.clear(); // a cache, bounded
        }
        return parsed.computeIfAbsent(json, j -> LimitChange.readValue(j.getBytes(StandardCharsets.UTF_8)));
    }

    /** The limit in force, null for none; its schedule; the subject's manual reset; when it changed. */
    private record Effective(BigDecimal value, PeriodSchedule schedule, Instant resetAt, Instant changedAt, boolean own) {
        PeriodSchedule schedule(WatchedRule rule) {
            return schedule == null ? rule.schedule() : schedule;
        }
    }
}
