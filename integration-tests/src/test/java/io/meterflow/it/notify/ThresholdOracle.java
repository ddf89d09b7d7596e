package io.meterflow.it.notify;

import io.meterflow.config.NotificationsConfig;
import io.meterflow.limit.LimitChange;
import io.meterflow.limit.Notification;
import io.meterflow.limit.PeriodSchedule;
import io.meterflow.limit.SubjectMeterUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What threshold rules must notify, computed directly: one {@link SubjectMeterUsage} per (rule, subject),
 * fed with the distinct events of each subject in produce order and with the limit changes at the
 * points of the stream where the test applied them. The limit in force is the subject's own, else the
 * meter's default; its schedule is the limit's; a manual reset is the subject's own.
 */
final class ThresholdOracle {
    private final List<NotificationsConfig.Rule> rules;
    private final Duration horizon;
    /** (meter NUL subject, '' for the default) → latest value. */
    private final Map<String, LimitChange.Value> limits = new HashMap<>();
    /** (rule NUL subject) → usage, in first-seen order. */
    private final Map<String, SubjectMeterUsage> usage = new LinkedHashMap<>();
    private final Set<String> counted = new java.util.HashSet<>();
    private final Set<String> notifications = new LinkedHashSet<>();

    ThresholdOracle(List<NotificationsConfig.Rule> rules, Duration horizon) {
        this.rules = List.copyOf(rules);
        this.horizon = horizon;
    }

    /** Every notification so far, as the JSON the job writes. */
    Set<String> expected() {
        return new LinkedHashSet<>(notifications);
    }

    /**
     * One delivery of an event; a redelivery (same source and id) counts nothing.
     *
     * @param values meter → the event's value for it (1 for COUNT)
     */
    void onEvent(String dedupeKey, String subject, Instant time, Map<String, BigDecimal> values, String eventId) {
        if (!counted.add(dedupeKey)) {
            return;
        }
        for (NotificationsConfig.Rule r : rules) {
            BigDecimal value = values.get(r.meter());
            if (value == null) {
                continue;
            }
            Effective e = effective(r.meter(), subject);
            SubjectMeterUsage u = usage.computeIfAbsent(r.name() + '\u0000' + subject, k -> new SubjectMeterUsage(r.meter(), subject));
            add(u.onEvent(List.of(rule(r)), e.value, e.schedule(r), e.resetAt, time, value, eventId));
            u.expire(time.minus(horizon));
        }
    }

    /** A limits-topic record (null value: deleted) taking effect after everything before it was counted. */
    void onLimitChange(String meter, String subject, LimitChange.Value value) {
        List<String> subjects = new ArrayList<>();
        if (subject != null) {
            subjects.add(subject);
        } else {
            for (NotificationsConfig.Rule r : rules) {
                if (r.meter().equals(meter)) {
                    usage.keySet().stream().filter(k -> k.startsWith(r.name() + '\u0000'))
                            .map(k -> k.substring(r.name().length() + 1)).filter(s -> !subjects.contains(s)).forEach(subjects::add);
                }
            }
        }
        Map<String, Effective> before = new HashMap<>();
        subjects.forEach(s -> before.put(s, effective(meter, s)));
        String key = meter + '\u0000' + (subject == null ? "" : subject);
        if (value == null) {
            limits.remove(key);
        } else {
            limits.put(key, value);
        }
        for (String s : subjects) {
            Effective was = before.get(s);
            Effective now = effective(meter, s);
            if (subject == null && now.own) {
                continue; // the default does not apply to this subject
            }
            for (NotificationsConfig.Rule r : rules) {
                if (!r.meter().equals(meter)) {
                    continue;
                }
                String k = r.name() + '\u0000' + s;
                boolean resetNow = now.resetAt != null && !now.resetAt.equals(was.resetAt);
                if (!usage.containsKey(k) && !resetNow) {
                    continue;
                }
                SubjectMeterUsage u = usage.computeIfAbsent(k, x -> new SubjectMeterUsage(meter, s));
                if (resetNow) {
                    add(u.onEvent(List.of(rule(r)), now.value, now.schedule(r), now.resetAt, now.resetAt, BigDecimal.ZERO, null));
                }
                if (!Objects.equals(was.value, now.value)) {
                    add(u.onLimitChange(List.of(rule(r)), was.value, now.value, now.changedAt));
                }
            }
        }
    }

    private void add(List<Notification> fired) {
        for (Notification n : fired) {
            notifications.add(n.toJson());
        }
    }

    private static SubjectMeterUsage.Rule rule(NotificationsConfig.Rule r) {
        return new SubjectMeterUsage.Rule(r.name(), r.thresholds());
    }

    private Effective effective(String meter, String subject) {
        LimitChange.Value own = limits.get(meter + '\u0000' + subject);
        LimitChange.Value fallback = limits.get(meter + '\u0000');
        boolean hasOwn = own != null && own.limit() != null;
        LimitChange.Value v = hasOwn ? own : fallback != null && fallback.limit() != null ? fallback : null;
        Instant changedAt = v != null ? v.changedAt() : own != null ? own.changedAt() : fallback != null ? fallback.changedAt() : null;
        return new Effective(v == null ? null : v.limit(), v == null ? null : v.toLimit().schedule(),
                own == null ? null : own.resetAt(), changedAt == null ? Instant.EPOCH : changedAt, hasOwn);
    }

    private record Effective(BigDecimal value, PeriodSchedule schedule, Instant resetAt, Instant changedAt, boolean own) {
        PeriodSchedule schedule(NotificationsConfig.Rule r) {
            return schedule == null ? r.schedule() : schedule;
        }
    }
}
