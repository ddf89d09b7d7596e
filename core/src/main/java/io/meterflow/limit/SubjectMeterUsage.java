package io.meterflow.limit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The usage of one (meter, subject) per period and what each rule already fired in it: the state the
 * job's evaluation operator keeps per key, as plain Java. Periods are found by event time, so a late
 * event counts in the period it belongs to (and can fire there); the first event of a period newer
 * than any seen yields each rule's reset notification. Additive meters only (COUNT, SUM): usage is the
 * running total of the deduplicated values.
 */
public final class SubjectMeterUsage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;

    /** A rule as the evaluation needs it: name and thresholds. */
    public record Rule(String name, List<Threshold> thresholds) implements Serializable {}

    private static final class Totals implements Serializable {
        private static final long serialVersionUID = 1L;
        final UsagePeriod period;
        BigDecimal usage = BigDecimal.ZERO;
        final Map<String, Set<Threshold>> fired = new HashMap<>();

        Totals(UsagePeriod period) {
            this.period = period;
        }
    }

    private final String meter;
    private final String subject;
    private final TreeMap<Instant, Totals> periods = new TreeMap<>();

    public SubjectMeterUsage(String meter, String subject) {
        this.meter = meter;
        this.subject = subject;
    }

    /** One deduplicated event's value; the notifications it causes, in order. */
    public List<Notification> onEvent(List<Rule> rules, BigDecimal limit, PeriodSchedule schedule, Instant reset, Instant eventTime,
            BigDecimal value, String eventId) {
        List<Notification> out = new ArrayList<>();
        UsagePeriod p = schedule.containing(eventTime, reset != null && !eventTime.isBefore(reset) ? reset : null);
        Totals t = periods.get(p.start());
        if (t == null) {
            boolean newest = periods.isEmpty() || p.start().isAfter(periods.lastKey());
            t = new Totals(p);
            periods.put(p.start(), t);
            if (newest) {
                for (Rule r : rules) {
                    out.add(Notification.reset(r.name(), subject, meter, p, limit));
                }
            }
        }
        t.usage = t.usage.add(value);
        for (Rule r : rules) {
            Set<Threshold> fired = t.fired.getOrDefault(r.name(), Set.of());
            ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onUsage(t.usage, limit, r.thresholds(), fired);
            for (ThresholdEvaluator.Crossing c : e.crossings()) {
                out.add(Notification.crossing(r.name(), subject, meter, t.period, limit, c, t.usage, eventTime, eventId));
            }
            t.fired.put(r.name(), new HashSet<>(e.firedAfter()));
        }
        return out;
    }

    /**
     * The limit changed: re-evaluate the newest period at once (lowering fires, raising re-arms). The
     * crossing's event time is {@code at}, the time the change took effect.
     */
    public List<Notification> onLimitChange(List<Rule> rules, BigDecimal oldLimit, BigDecimal newLimit, Instant at) {
        List<Notification> out = new ArrayList<>();
        if (periods.isEmpty()) {
            return out;
        }
        Totals t = periods.lastEntry().getValue();
        for (Rule r : rules) {
            ThresholdEvaluator.Evaluation e = ThresholdEvaluator.onLimitChange(t.usage, oldLimit, newLimit, r.thresholds(),
                    t.fired.getOrDefault(r.name(), Set.of()));
            for (ThresholdEvaluator.Crossing c : e.crossings()) {
                out.add(Notification.crossing(r.name(), subject, meter, t.period, newLimit, c, t.usage, at, null));
            }
            t.fired.put(r.name(), new HashSet<>(e.firedAfter()));
        }
        return out;
    }

    /** Forgets periods that ended before {@code horizon} (no event that old is counted any more). */
    public void expire(Instant horizon) {
        periods.headMap(horizon).entrySet().removeIf(e -> e.getValue().period.end().isBefore(horizon));
    }

    /**
     * The state's bytes in the job (keyed state, so part of the savepoint contract): a version byte,
     * then meter, subject and each period with its usage and fired thresholds (as their canonical text).
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + periods.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(meter);
            out.writeUTF(subject);
            out.writeInt(periods.size());
            for (Totals t : periods.values()) {
                writeInstant(out, t.period.start());
                writeInstant(out, t.period.end());
                byte[] unscaled = t.usage.unscaledValue().toByteArray();
                out.writeInt(t.usage.scale());
                out.writeInt(unscaled.length);
                out.write(unscaled);
                out.writeInt(t.fired.size());
                for (Map.Entry<String, Set<Threshold>> f : new TreeMap<>(t.fired).entrySet()) {
                    out.writeUTF(f.getKey());
                    out.writeInt(f.getValue().size());
                    for (Threshold th : new TreeSet<>(f.getValue())) {
                        out.writeUTF(th.text());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not {@link #toBytes()} of a known format */
    public static SubjectMeterUsage fromBytes(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown threshold state format " + format);
            }
            SubjectMeterUsage u = new SubjectMeterUsage(in.readUTF(), in.readUTF());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Totals t = new Totals(new UsagePeriod(readInstant(in), readInstant(in)));
                int scale = in.readInt();
                byte[] unscaled = new byte[in.readInt()];
                in.readFully(unscaled);
                t.usage = new BigDecimal(new BigInteger(unscaled), scale);
                int rules = in.readInt();
                for (int r = 0; r < rules; r++) {
                    String rule = in.readUTF();
                    int k = in.readInt();
                    Set<Threshold> fired = new HashSet<>();
                    for (int j = 0; j < k; j++) {
                        fired.add(Threshold.parse(in.readUTF()));
                    }
                    t.fired.put(rule, fired);
                }
                u.periods.put(t.period.start(), t);
            }
            return u;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated threshold state", e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    public BigDecimal usage(Instant periodStart) {
        Totals t = periods.get(periodStart);
        return t == null ? BigDecimal.ZERO : t.usage;
    }

    public int periodCount() {
        return periods.size();
    }
}
