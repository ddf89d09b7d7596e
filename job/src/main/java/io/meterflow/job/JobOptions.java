package io.meterflow.job;

import io.meterflow.meter.MeterOrdinals;
import io.meterflow.notification.LimitsSnapshot;
import java.io.Serializable;
import java.util.Objects;

/**
 * How this run of the job starts, beyond the deployment's config file: which generation it writes,
 * and which source it reads from where.
 *
 * @param generation usage-table generation to write, or 0 for the active one
 * @param start the live source, or a replayed one and where it rewinds to
 * @param meterOrdinals the meters' permanent bit numbers in the dedupe state; null until
 *     {@link MeterflowJob#prepare} has read them from PostgreSQL
 * @param limits the limits topic as {@link MeterflowJob#prepare} read it (threshold rules only), or null
 */
public record JobOptions(int generation, SourceStart start, MeterOrdinals meterOrdinals, LimitsSnapshot limits)
        implements Serializable {

    public JobOptions(int generation, SourceStart start) {
        this(generation, start, null, null);
    }

    public JobOptions(int generation, SourceStart start, MeterOrdinals meterOrdinals) {
        this(generation, start, meterOrdinals, null);
    }

    public JobOptions {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 1 (or 0 for the active one), not " + generation);
        }
        Objects.requireNonNull(start, "start");
    }

    public static JobOptions live() {
        return new JobOptions(0, new SourceStart.Committed());
    }

    public JobOptions withGeneration(int generation) {
        return new JobOptions(generation, start, meterOrdinals, limits);
    }

    public JobOptions withStart(SourceStart start) {
        return new JobOptions(generation, start, meterOrdinals, limits);
    }

    public JobOptions withMeterOrdinals(MeterOrdinals meterOrdinals) {
        return new JobOptions(generation, start, meterOrdinals, limits);
    }

    public JobOptions withLimits(LimitsSnapshot limits) {
        return new JobOptions(generation, start, meterOrdinals, limits);
    }

    /** True when the source is a replayed one (a new uid), rewound now or by an earlier run. */
    public boolean isReplay() {
        return start.replayId().isPresent();
    }
}
