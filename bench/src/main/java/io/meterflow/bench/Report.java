package io.meterflow.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** Everything measured in one run, and how it is printed, written to Markdown and charted. */
final class Report {
    /** Measurements of one scenario; NaN / null where a part was not run. */
    static final class ScenarioResult {
        final Scenario scenario;
        long records;
        long uniqueEvents;
        double avgValueBytes;
        double produceEps = Double.NaN;
        double rawEps = Double.NaN;
        double rawJsonEps = Double.NaN;
        final Map<Integer, PipelineResult> pipeline = new LinkedHashMap<>();
        /** Poll times of the raw consumer's measured pass, to time it over a steady-state window's events. */
        SteadyWindow.Trace rawTrace;
        /** meterflow's steady-state window per parallelism (absent when the run had too few commits). */
        final Map<Integer, SteadyWindow.Result> steady = new LinkedHashMap<>();
        /** Flink's own ceilings on this data at the largest parallelism, over the same events as {@link #steady}'s. */
        final Map<FlinkFloor.Kind, SteadyWindow.Result> floors = new java.util.EnumMap<>(FlinkFloor.Kind.class);
        /** RocksDB's work per id on its own, no Flink, by what is asked of it (empty unless the floor ran). */
        final Map<RocksDbFloor.Mode, RocksDbFloor.Result> rocksDbFloors = new java.util.EnumMap<>(RocksDbFloor.Mode.class);
        NaiveSql.Result naive;
        FlinkSqlRun.Result flinkSql;
        DedupeStateSize.Result dedupe;

        ScenarioResult(Scenario scenario) {
            this.scenario = scenario;
        }

        double flinkSqlEps() {
            return flinkSql == null ? Double.NaN : Stats.rate(records, flinkSql.nanos());
        }

        double naiveEps() {
            return naive == null ? Double.NaN : naive.eps();
        }

        /** The raw consumer's rate over the same event counts as meterflow's steady-state window at {@code p}. */
        double rawSteadyEps(int p) {
            SteadyWindow.Result w = steady.get(p);
            return w == null || rawTrace == null ? Double.NaN : rawTrace.eps(w.fromEvents(), w.toEvents());
        }

        /** meterflow's steady-state rate / the raw consumer's over the same events, at {@code p}; NaN when either is missing. */
        double steadyRatio(int p) {
            SteadyWindow.Result w = steady.get(p);
            return w == null ? Double.NaN : w.eps() / rawSteadyEps(p);
        }
    }

    /** @param cpuNanos CPU time of the benchmark JVM from submission until all events were counted; -1 if unknown */
    record PipelineResult(int parallelism, long nanos, long counted, long duplicates, long usageRows, long rowWrites,
            long firstCommitNanos, long firstCommitEvents, long cpuNanos) {
        double eps(long records) {
            return Stats.rate(records, nanos);
        }

        double cpuMicrosPerEvent(long records) {
            return CpuClock.microsPerEvent(cpuNanos, records);
        }

        /** After start-up: events committed after the first commit / time since the first commit. */
        double steadyEps(long records) {
            return firstCommitNanos < 0 || firstCommitEvents >= records ? Double.NaN : Stats.rate(records - firstCommitEvents, nanos - firstCommitNanos);
        }

        double rowWritesPerSecond() {
            return Stats.rate(rowWrites, nanos);
        }
    }

    final List<ScenarioResult> scenarios = new ArrayList<>();
    long events;
    java.time.Duration checkpointInterval;
    Freshness.Result freshness;
    final List<NotificationLatency.Result> notifications = new ArrayList<>();
    /** The series scenario ({@code --systems series}), null when not run. */
    SeriesBench.Result series;
    int notificationRate;
    int freshnessRate;
    int freshnessParallelism;
    JfrProfile.Summary profile;
    String profileLabel;
    String machine;
    String postgresVersion;
    String flinkConf;
    String loadBefore;
    String loadAfter;
    long totalSeconds;
    /** Remembered ids, small to large (the large-state scenario); empty when not run. */
    final List<LargeState.Result> largeState = new ArrayList<>();
    /** Targets printed beside the ratios (not asserted). */
    static final double TARGET_RATIO = 0.25;
    static final double TARGET_METERS3_VS_ONE = 0.8;
    static final double TARGET_LARGE_STATE_VS_SMALL = 0.7;
    /** Hand-written analysis kept next to the generated page ({@code <out>/benchmarks-notes.md}), appended as is. */
    String notes;

    ScenarioResult headline() {
        return scenarios.stream().filter(s -> s.scenario == Scenario.UNIFORM).findFirst()
                .orElse(scenarios.isEmpty() ? null : scenarios.get(0));
    }

    static int maxParallelism(ScenarioResult s) {
        return s.pipeline.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    ScenarioResult scenario(Scenario id) {
        return scenarios.stream().filter(s -> s.scenario == id).findFirst().orElse(null);
    }

    /** The highest-parallelism run of a scenario, or null. */
    static PipelineResult top(ScenarioResult s) {
        return s == null || s.pipeline.isEmpty() ? null : s.pipeline.get(maxParallelism(s));
    }

    /** eps with 3 meters per event / eps with 1 meter, on the same events (meters3 vs uniform), same parallelism. */
    double meters3VsOne() {
        ScenarioResult three = scenario(Scenario.METERS3);
        ScenarioResult one = scenario(Scenario.UNIFORM);
        PipelineResult t = top(three);
        PipelineResult o = top(one);
        if (t == null || o == null || t.parallelism() != o.parallelism()) {
            return Double.NaN;
        }
        return t.eps(three.records) / o.eps(one.records);
    }

    /**
     * Dedupe rate with the most remembered ids / with the fewest, each the fastest run of its size (a
     * size may be run more than once, e.g. the small one before and after the large one, so that a
     * neighbour's burst during one run does not decide the ratio); NaN with fewer than two sizes.
     */
    double largeStateVsSmall() {
        java.util.TreeMap<Long, Double> best = new java.util.TreeMap<>();
        for (LargeState.Result r : largeState) {
            best.merge(r.rememberedIds(), r.eps(), Math::max);
        }
        return best.size() < 2 ? Double.NaN : best.lastEntry().getValue() / best.firstEntry().getValue();
    }

    /** CPU µs per event of the headline scenario's highest-parallelism run. */
    double cpuMicrosPerEvent() {
        ScenarioResult h = headline();
        PipelineResult r = top(h);
        return r == null ? Double.NaN : r.cpuMicrosPerEvent(h.records);
    }

    double freshnessP(double p) {
        return freshness == null ? Double.NaN : Stats.percentile(freshness.latenciesMs(), p);
    }

    private static double rocksDbFloor(ScenarioResult h, RocksDbFloor.Mode mode) {
        RocksDbFloor.Result r = h == null ? null : h.rocksDbFloors.get(mode);
        return r == null ? Double.NaN : r.cpuMicrosPerEvent();
    }

    private static double floorRatio(ScenarioResult h, FlinkFloor.Kind kind) {
        SteadyWindow.Result w = h == null ? null : h.floors.get(kind);
        return w == null || h.rawTrace == null ? Double.NaN : w.eps() / h.rawTrace.eps(w.fromEvents(), w.toEvents());
    }

    /** The last printed line: machine-readable, scripts compare runs by it. */
    String machineLine() {
        ScenarioResult h = headline();
        double pipeline = Double.NaN;
        double dedupe = Double.NaN;
        double steady = Double.NaN;
        double rawSteady = Double.NaN;
        double steadyCpu = Double.NaN;
        if (h != null && !h.pipeline.isEmpty()) {
            int p = maxParallelism(h);
            pipeline = h.pipeline.get(p).eps(h.records);
            SteadyWindow.Result w = h.steady.get(p);
            if (w != null) {
                steady = w.eps();
                rawSteady = h.rawSteadyEps(p);
                steadyCpu = w.cpuMicrosPerEvent();
            }
        }
        for (ScenarioResult s : scenarios) {
            if (s.dedupe != null && (Double.isNaN(dedupe) || s == h)) {
                dedupe = s.dedupe.bytesPerId();
            }
        }
        double raw = h == null ? Double.NaN : h.rawEps;
        return "pipeline_eps=" + Stats.sig3(pipeline)
                + " raw_consume_eps=" + Stats.sig3(raw)
                + " ratio=" + Stats.sig3(pipeline / raw)
                + " naive_eps=" + Stats.sig3(h == null ? Double.NaN : h.naiveEps())
                + " flink_sql_eps=" + Stats.sig3(h == null ? Double.NaN : h.flinkSqlEps())
                + " dedupe_bytes_per_id=" + Stats.sig3(dedupe)
                + " freshness_p99_ms=" + Stats.sig3(freshnessP(99))
                + " meters3_vs_one=" + Stats.sig3(meters3VsOne())
                + " large_state_vs_small=" + Stats.sig3(largeStateVsSmall())
                + " cpu_us_per_event=" + Stats.sig3(cpuMicrosPerEvent())
                // The headline (README, "Benchmark"): the same keys over the steady-state window, raw over the same events.
                + " steady_eps=" + Stats.sig3(steady)
                + " steady_raw_consume_eps=" + Stats.sig3(rawSteady)
                + " steady_ratio=" + Stats.sig3(steady / rawSteady)
                + " steady_cpu_us_per_event=" + Stats.sig3(steadyCpu)
                + notificationKeys()
                + (series == null ? "" : series.machineKeys())
                // Flink's own ceilings on the same events (FlinkFloor): what any Flink job reaches here.
                + " floor_passthrough_ratio=" + Stats.sig3(floorRatio(h, FlinkFloor.Kind.PASSTHROUGH))
                + " floor_decode_ratio=" + Stats.sig3(floorRatio(h, FlinkFloor.Kind.DECODE))
                + " floor_rocksdb_cpu_us_per_id=" + Stats.sig3(rocksDbFloor(h, RocksDbFloor.Mode.LOOKUP_AND_PUT))
                + " floor_rocksdb_puts_only_cpu_us_per_id=" + Stats.sig3(rocksDbFloor(h, RocksDbFloor.Mode.BATCHED_PUT_ONLY));
    }

    /** {@code notify_p99_ms_<interval>=}: produce → notification on the topic, per checkpoint interval measured. */
    private String notificationKeys() {
        StringBuilder b = new StringBuilder();
        for (NotificationLatency.Result r : notifications) {
            b.append(" notify_p99_ms_").append(r.intervalMs()).append('=').append(Stats.sig3(Stats.percentile(r.topicMs(), 99)));
        }
        return b.toString();
    }

    static String micros(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String met(double v, double target) {
        return Double.isNaN(v) ? "not run" : v >= target ? "met" : "**missed**";
    }

    static String bytes(long v) {
        return v < 0 ? "—" : String.format(Locale.ROOT, "%,d", v);
    }

    /** Cost as work grows: subjects, meters per event, remembered ids, each ratio beside the CPU it cost (Markdown). */
    String growthTables() {
        StringBuilder g = new StringBuilder();
        g.append("| subjects (uniform) | raw consume | meterflow p | events/s | ratio (meterflow / raw) | CPU µs/event | target |\n")
                .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (Scenario id : List.of(Scenario.UNIFORM, Scenario.SUBJECTS_100K, Scenario.SUBJECTS_1M)) {
            ScenarioResult s = scenario(id);
            PipelineResult r = top(s);
            if (r == null) {
                continue;
            }
            double rt = r.eps(s.records) / s.rawEps;
            g.append(String.format(Locale.ROOT, "| %,d | %s | %d | %s | %s | %s | ≥ %.2f: %s |%n", id.subjects, eps(s.rawEps),
                    r.parallelism(), eps(r.eps(s.records)), ratio(rt), micros(r.cpuMicrosPerEvent(s.records)), TARGET_RATIO,
                    met(rt, TARGET_RATIO)));
        }
        g.append('\n');
        ScenarioResult one = scenario(Scenario.UNIFORM);
        ScenarioResult three = scenario(Scenario.METERS3);
        double m3 = meters3VsOne();
        g.append("| meters per event (same events, 1,000 subjects) | events/s | CPU µs/event | meters3_vs_one | target |\n")
                .append("|---|---:|---:|---:|---|\n");
        if (top(one) != null) {
            g.append(String.format(Locale.ROOT, "| 1 (uniform), p%d | %s | %s | | |%n", top(one).parallelism(),
                    eps(top(one).eps(one.records)), micros(top(one).cpuMicrosPerEvent(one.records))));
        }
        if (top(three) != null) {
            g.append(String.format(Locale.ROOT, "| 3 (meters3), p%d | %s | %s | %s | ≥ %.2f: %s |%n", top(three).parallelism(),
                    eps(top(three).eps(three.records)), micros(top(three).cpuMicrosPerEvent(three.records)), ratio(m3),
                    TARGET_METERS3_VS_ONE, met(m3, TARGET_METERS3_VS_ONE)));
        }
        g.append('\n');
        if (!largeState.isEmpty()) {
            double ls = largeStateVsSmall();
            g.append("| remembered ids | prefill's compactions (pending bytes / s waited) | measured events (new / redelivered) "
                    + "| counts right | events/s through the dedupe | "
                    + "CPU µs/event | live SST bytes | bytes / id | block cache (capacity / used) | large_state_vs_small | target |\n")
                    .append("|---:|---|---|---|---:|---:|---:|---:|---|---:|---|\n");
            List<LargeState.Result> bySize = new ArrayList<>(largeState);
            bySize.sort(java.util.Comparator.comparingLong(LargeState.Result::rememberedIds));
            for (int i = 0; i < bySize.size(); i++) {
                LargeState.Result r = bySize.get(i);
                boolean last = i == bySize.size() - 1 && i > 0;
                g.append(String.format(Locale.ROOT, "| %,d | %s / %.1f | %,d / %,d (%s) | %s | %s | %s | %s | %s | %s / %s | %s | %s |%n",
                        r.rememberedIds(), bytes(r.pendingCompactionBytesAfterPrefill()), r.settleNanos() / 1e9,
                        r.measuredEvents() - r.expectedDuplicates(), r.expectedDuplicates(),
                        r.redeliveries().name().toLowerCase(Locale.ROOT),
                        r.countsRight() ? "yes" : String.format(Locale.ROOT, "**no**: %,d counted, %,d duplicates", r.counted(),
                                r.duplicates()),
                        eps(r.eps()), micros(r.cpuMicrosPerEvent()), bytes(r.sstBytes()),
                        Double.isNaN(r.bytesPerId()) ? "—" : String.format(Locale.ROOT, "%.1f", r.bytesPerId()),
                        bytes(r.blockCacheCapacity()), bytes(r.blockCacheUsage()), last ? ratio(ls) : "",
                        last ? String.format(Locale.ROOT, "≥ %.2f: %s", TARGET_LARGE_STATE_VS_SMALL,
                                met(ls, TARGET_LARGE_STATE_VS_SMALL)) : ""));
            }
            g.append('\n');
        }
        return g.toString();
    }

    static String eps(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** The throughput table (Markdown, also printed). */
    String table() {
        List<Integer> ps = new ArrayList<>();
        scenarios.forEach(s -> s.pipeline.keySet().forEach(p -> {
            if (!ps.contains(p)) {
                ps.add(p);
            }
        }));
        StringBuilder t = new StringBuilder("| scenario | raw consume | raw + Jackson |");
        ps.forEach(p -> t.append(" meterflow p").append(p).append(" |"));
        t.append(" ratio (p").append(ps.isEmpty() ? "-" : ps.get(ps.size() - 1)).append(" / raw) | Flink SQL | naive (extrapolated) | PG row writes/s (p")
                .append(ps.isEmpty() ? "-" : ps.get(ps.size() - 1)).append(") | CPU µs/event (p")
                .append(ps.isEmpty() ? "-" : ps.get(ps.size() - 1)).append(") | steady state p")
                .append(ps.isEmpty() ? "-" : ps.get(ps.size() - 1))
                .append(" (late window) | raw, same events | steady ratio | steady CPU µs/event |\n|---|---:|---:|");
        ps.forEach(p -> t.append("---:|"));
        t.append("---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult s : scenarios) {
            t.append("| ").append(s.scenario.label).append(" | ").append(eps(s.rawEps)).append(" | ").append(eps(s.rawJsonEps)).append(" |");
            for (int p : ps) {
                PipelineResult r = s.pipeline.get(p);
                t.append(' ').append(r == null ? "—" : eps(r.eps(s.records))).append(" |");
            }
            PipelineResult last = ps.isEmpty() ? null : s.pipeline.get(ps.get(ps.size() - 1));
            t.append(' ').append(last == null || Double.isNaN(s.rawEps) ? "—"
                    : String.format(Locale.ROOT, "%.2f", last.eps(s.records) / s.rawEps)).append(" |");
            t.append(' ').append(eps(s.flinkSqlEps())).append(" | ").append(eps(s.naiveEps())).append(" | ")
                    .append(last == null ? "—" : eps(last.rowWritesPerSecond())).append(" | ")
                    .append(last == null ? "—" : micros(last.cpuMicrosPerEvent(s.records))).append(" |");
            int lastP = ps.isEmpty() ? -1 : ps.get(ps.size() - 1);
            SteadyWindow.Result w = s.steady.get(lastP);
            t.append(' ').append(w == null ? "—" : eps(w.eps())).append(" | ").append(eps(s.rawSteadyEps(lastP))).append(" | ")
                    .append(ratio(s.steadyRatio(lastP))).append(" | ").append(w == null ? "—" : micros(w.cpuMicrosPerEvent()))
                    .append(" |\n");
        }
        return t.toString();
    }

    String markdown() {
        StringBuilder m = new StringBuilder();
        m.append("# meterflow benchmarks\n\n");
        m.append("Generated by `./meterflow bench` (`bench/run.sh`, class `io.meterflow.bench.MeterflowBench`): ")
                .append(String.format(Locale.ROOT, "%,d", events)).append(" CloudEvents per scenario, one run, ")
                .append(totalSeconds).append(" s wall time. Re-run it to refresh this page; numbers on a shared ")
                .append("2-core machine are noisy (±10–20 %).\n\n");
        m.append("## Machine\n\n").append(machine)
                .append("\nLoad average (`/proc/loadavg`) at start: ").append(loadBefore).append("; at end: ").append(loadAfter)
                .append(". The CPU is shared with other builds and tests; a load above 2 on 2 cores means every number ")
                .append("here is a lower bound of what the machine does alone.")
                .append(flinkConf == null || flinkConf.equals("{}") ? "" : " Extra Flink settings (`--flink-conf`): `" + flinkConf + "`.")
                .append("\n\n");
        m.append("## Throughput (events/s)\n\n").append(table()).append('\n');
        m.append("![events/s per scenario and system](benchmarks.png)\n\n");
        m.append("What each column measures (all on the same topic, written once per scenario, 4 partitions, ~")
                .append(headline() == null ? "?" : String.format(Locale.ROOT, "%.0f", headline().avgValueBytes))
                .append(" B values, 70 % structured / 30 % binary mode):\n\n")
                .append("- **raw consume**: one KafkaConsumer thread reading every record (the physical limit), after one unmeasured full pass; ")
                .append("**raw + Jackson**: the same, parsing every value into a Jackson tree.\n")
                .append("- **meterflow pN**: the real job (`MeterflowJob.prepare` + `build`) at parallelism N, submitted over REST to the run's ")
                .append("Flink cluster (one MiniCluster in the benchmark JVM, 1 GiB managed memory, started once), after one unmeasured ")
                .append("warm-up run of the job over the scenario's first events, ")
                .append("RocksDB state, checkpoint every ").append(checkpointInterval.toMillis()).append(" ms; ")
                .append("from job submission until `meterflow.counters` shows `events_read` = N (so it includes job start-up ")
                .append("and the last checkpoint + fenced commit).\n")
                .append("- **steady state** (the headline): meterflow's rate late in the same job, from the first checkpoint whose ")
                .append("commit holds the `--steady-from` share of the events to the last checkpoint before all are in, timed by ")
                .append("the checkpoints' trigger times (a commit holds exactly the events read before its barrier); **raw, same ")
                .append("events**: the raw consumer's measured pass timed over the same event counts; CPU µs/event: the JVM's CPU ")
                .append("rate between those two commits over the window's events. \"—\" when fewer than two checkpoints fall in ")
                .append("the window (more events, or a lower `--steady-from`).\n")
                .append("- **Flink SQL**: Kafka table (bounded at the latest offsets), ROW_NUMBER dedupe on (source, id), ")
                .append("one-minute TUMBLE window per meter, JDBC upsert sink (PostgreSQL dialect, 1,000-row batches); same ")
                .append("parallelism as the highest meterflow column, on the same cluster, RocksDB, same checkpoint interval; from submission until "
                        + "the job ends.\n")
                .append("- **naive**: a consumer doing one single-row autocommit `INSERT … ON CONFLICT DO NOTHING` per event into an ")
                .append("events table (primary key (source, id) = dedupe), then `CREATE TABLE … AS SELECT … GROUP BY` (type, subject, ")
                .append("group, minute). Inserts are timed on a sample and **extrapolated** to N; in the first scenario the GROUP BY runs on all N rows ")
                .append("(the rest bulk-loaded with COPY, untimed), in the others it is timed on the sample and scaled linearly to N. eps = N / "
                        + "(extrapolated insert time + GROUP BY time).\n")
                .append("- **PG row writes/s**: inserts + updates of `meterflow.usage_windows` (pg_stat_user_tables) during the ")
                .append("run divided by the run time.\n\n");
        m.append("### Details per scenario\n\n| scenario | records | unique events | produce eps | meterflow runs (counted / duplicates / usage rows / "
                + "row writes) | naive sample | naive GROUP BY | Flink SQL counted / rows |\n|---|---:|---:|---:|---|---|---:|---|\n");
        for (ScenarioResult s : scenarios) {
            StringBuilder runs = new StringBuilder();
            s.pipeline.forEach((p, r) -> runs.append("p").append(p).append(": ")
                    .append(String.format(Locale.ROOT, "%,d / %,d / %,d / %,d in %.1f s (first commit after %.1f s; %,.0f events/s after it)",
                            r.counted(), r.duplicates(), r.usageRows(), r.rowWrites(), r.nanos() / 1e9,
                            r.firstCommitNanos() / 1e9, r.steadyEps(s.records))).append("<br>"));
            m.append("| ").append(s.scenario.id).append(" | ").append(String.format(Locale.ROOT, "%,d", s.records))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", s.uniqueEvents)).append(" | ")
                    .append(eps(s.produceEps)).append(" | ").append(runs).append(" | ")
                    .append(s.naive == null ? "—" : String.format(Locale.ROOT, "%,d single-row inserts at %,.0f/s",
                            s.naive.sample(), s.naive.insertEps()))
                    .append(" | ").append(s.naive == null ? "—" : String.format(Locale.ROOT, "%.2f s", s.naive.groupByNanos() / 1e9))
                    .append(" | ").append(s.flinkSql == null ? "—" : String.format(Locale.ROOT, "%,d / %,d in %.1f s",
                            s.flinkSql.countedEvents(), s.flinkSql.rows(), s.flinkSql.nanos() / 1e9))
                    .append(" |\n");
        }
        m.append("\nmeterflow counts each event once per matching meter (`counted` is summed over meters: ×3 in meters3).\n\n");
        m.append("## Cost as work grows\n\n").append(growthTables())
                .append("CPU µs/event: CPU time of the benchmark JVM (`OperatingSystemMXBean.getProcessCpuTime`: the MiniCluster's ")
                .append("source, dedupe, sink, RocksDB background, JIT and GC threads; not the broker or PostgreSQL, which are ")
                .append("other processes) over the run, divided by its events. It stays put when a neighbour takes CPU away, ")
                .append("while events/s drops. Targets are printed, not asserted.\n\n");
        if (!largeState.isEmpty()) {
            m.append("Remembered ids: producing tens of millions of events through Kafka is too heavy for this machine ")
                    .append("(disk and hours), so the state is built directly. A job on the same cluster (one slot: the ")
                    .append("same managed memory per dedupe subtask as a p2 run) reads a generated sequence, turns each number ")
                    .append("into a metered record (real SHA-256 event digests, 1,000 subjects, uniform) and runs it through the ")
                    .append("real `DedupeOperator` on EmbeddedRocksDB with the job's TTL (35 d) and RocksDB settings (")
                    .append(JobTableFormat.describe()).append("), at parallelism 1, without checkpoints. The first N records only fill ")
                    .append("the state; the measured records that follow are the same in every row: 90 % new ids, 10 % ")
                    .append("redeliveries of prefilled ids (column \"measured events\": drawn uniformly from the whole prefill, or ")
                    .append("from its last ").append(String.format(Locale.ROOT, "%,d", LargeState.RECENT_IDS))
                    .append(" ids with `--large-state-redeliveries RECENT`; so most are found in SST files, ")
                    .append("not in the memtable). The prefill writes faster than any real stream and leaves a compaction debt a ")
                    .append("state grown over weeks would not have, so the measured interval starts once RocksDB reports no ")
                    .append("pending or running compaction or flush (at most ").append(LargeState.SETTLE_LIMIT.toMinutes())
                    .append(" min). events/s: measured records / time from ")
                    .append("then to the last measured record leaving the dedupe; CPU as above over the same interval (the generating source ")
                    .append("included). bytes / id: RocksDB's `live-sst-files-size` / ids written to SST files (ids still in ")
                    .append("the memtables, `num-entries-*-mem-table`, excluded; \"—\" when all are), index, filter and TTL ")
                    .append("timestamp included.\n\n");
        }
        m.append("## Dedupe state per remembered id (RocksDB)\n\n");
        m.append("| scenario | entries | compacted SST bytes | bytes / id | checkpoint files (all retained) | compression |\n|---|---:|---:|---:|---:|---|\n");
        for (ScenarioResult s : scenarios) {
            if (s.dedupe != null) {
                DedupeStateSize.Result d = s.dedupe;
                m.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,d B in %d SST files | %s |%n", s.scenario.id,
                        d.entries(), d.compactedBytes(), d.bytesPerId(), d.checkpointFileBytes(), d.sstFiles(), d.compression()));
            }
        }
        m.append("\nMethod: after the highest-parallelism meterflow run of each scenario, every SST file in the job's ")
                .append("incremental-checkpoint directory (the dedupe operator's MapState is the only keyed state) is read ")
                .append("entry by entry and re-inserted into a fresh RocksDB with the compression the checkpointed files ")
                .append("used and the job's table layout (").append(JobTableFormat.describe())
                .append("); `compactRange()` then performs a full compaction to the bottommost level (duplicates of ")
                .append("entries shared by several retained checkpoints collapse, sequence numbers are zeroed). bytes/id = ")
                .append("total SST bytes / entries. An entry is one (subject, source-id digest), whatever the number of meters: ")
                .append("key group (2 B) + serialized subject + 16-byte digest (the prefix is shared within a block), value = TTL ")
                .append("timestamp (8 B) + the bits of the meters that counted the event.\n\n");
        m.append("## Freshness\n\n");
        if (freshness != null) {
            m.append(String.format(Locale.ROOT, "Steady load %,d events/s (uniform), meterflow at parallelism %d, checkpoint every %d ms. ",
                    freshnessRate, freshnessParallelism, checkpointInterval.toMillis()))
                    .append("A probe event for a new subject is produced every 200 ms (event time = produce time) and ")
                    .append("`meterflow.usage_windows` (the rows `query_usage` reads) is polled every 20 ms until it appears.\n\n")
                    .append(String.format(Locale.ROOT, "| probes | seen | p50 ms | p90 ms | p99 ms | max ms | target p99 ms "
                            + "|%n|---:|---:|---:|---:|---:|---:|---:|%n| %d | %d | %.0f | %.0f | %.0f | %.0f | %d |%n%n",
                            freshness.probesSent(), freshness.latenciesMs().length, freshnessP(50), freshnessP(90),
                            freshnessP(99), freshnessP(100), checkpointInterval.toMillis() + 1000));
        } else {
            m.append("not run\n\n");
        }
        m.append("## Threshold notification latency\n\n");
        if (!notifications.isEmpty()) {
            m.append(String.format(Locale.ROOT, "Steady load %,d `api.request` events/s over %,d subjects that each have a limit of "
                    + "their own (all evaluated, none reached), meterflow at parallelism %d. A probe event for a new subject "
                    + "(default limit 1, rule threshold 100 %%) is produced every 200 ms; latency = produce → the notification "
                    + "read by a read_committed consumer of the notifications topic, and → the webhook received (through "
                    + "`./meterflow notify`'s deliverer) by a local receiver. Checkpoint ms: trigger → completion (Flink's "
                    + "end-to-end duration) of the checkpoints of the probe phase.%n%n", notificationRate, NotificationLatency.SUBJECTS,
                    freshnessParallelism))
                    .append("| checkpoint interval | probes | on topic | topic p50 ms | topic p99 ms | webhook p50 ms | webhook p99 ms "
                            + "| target p99 ms | achieved load events/s | checkpoints | checkpoint p50 ms | checkpoint p99 ms |\n"
                            + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (NotificationLatency.Result r : notifications) {
                m.append(String.format(Locale.ROOT, "| %d ms | %d | %d | %.0f | %.0f | %.0f | %.0f | %d | %,.0f | %d | %.0f | %.0f |%n",
                        r.intervalMs(), r.probesSent(), r.topicMs().length, Stats.percentile(r.topicMs(), 50),
                        Stats.percentile(r.topicMs(), 99), Stats.percentile(r.webhookMs(), 50), Stats.percentile(r.webhookMs(), 99),
                        r.intervalMs() + 1000, r.achievedRate(), r.checkpointMs().length, Stats.percentile(r.checkpointMs(), 50),
                        Stats.percentile(r.checkpointMs(), 99)));
            }
            m.append('\n');
        } else {
            m.append("not run\n\n");
        }
        m.append("## Profile (JFR)\n\n");
        if (profile != null) {
            m.append(profileLabel).append(": ").append(String.format(Locale.ROOT, "%,d", profile.samples()))
                    .append(" execution samples (JFR `jdk.ExecutionSample`, 10 ms, all threads of the JVM running the MiniCluster).\n\n");
            m.append("Top frames (self time):\n\n| % | samples | frame |\n|---:|---:|---|\n");
            profile.topFrames().forEach(f -> m.append(String.format(Locale.ROOT, "| %.1f | %,d | `%s` |%n", f.share(), f.samples(), f.method())));
            m.append("\nFirst meterflow frame on the stack (inclusive time of meterflow code paths):\n\n| % | samples | frame |\n|---:|---:|---|\n");
            profile.meterflowFrames().forEach(f -> m.append(String.format(Locale.ROOT, "| %.1f | %,d | `%s` |%n", f.share(), f.samples(), f.method())));
            m.append("\nSamples by thread:\n\n| % | samples | thread |\n|---:|---:|---|\n");
            profile.byThread().forEach(f -> m.append(String.format(Locale.ROOT, "| %.1f | %,d | `%s` |%n", f.share(), f.samples(), f.method())));
            m.append('\n');
        } else {
            m.append("not run (`--profile=false`)\n\n");
        }
        m.append("## Machine-readable\n\n```\n").append(machineLine()).append("\n```\n");
        if (notes != null && !notes.isBlank()) {
            m.append('\n').append(notes.strip()).append('\n');
        }
        return m.toString();
    }

    void chart(Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScenarioResult s : scenarios) {
            add(data, s.rawEps, "raw consume", s.scenario.id);
            add(data, s.rawJsonEps, "raw + Jackson", s.scenario.id);
            s.pipeline.forEach((p, r) -> add(data, r.eps(s.records), "meterflow p" + p, s.scenario.id));
            add(data, s.flinkSqlEps(), "Flink SQL", s.scenario.id);
            add(data, s.naiveEps(), "naive INSERT (extrap.)", s.scenario.id);
        }
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "meterflow benchmark: %,d CloudEvents per scenario (log scale)", events),
                "scenario", "events/s", data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogarithmicAxis axis = new LogarithmicAxis("events/s (log)");
        axis.setAllowNegativesFlag(false);
        axis.setStrictValuesFlag(false);
        plot.setRangeAxis(axis);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1200, 650);
    }

    private static void add(DefaultCategoryDataset data, double v, String row, String column) {
        if (!Double.isNaN(v) && v > 0) {
            data.addValue(v, row, column);
        }
    }

    void write(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path notesFile = outDir.resolve("benchmarks-notes.md");
        notes = Files.isRegularFile(notesFile) ? Files.readString(notesFile, StandardCharsets.UTF_8) : null;
        Files.writeString(outDir.resolve("benchmarks.md"), markdown(), StandardCharsets.UTF_8);
        chart(outDir.resolve("benchmarks.png"));
    }
}
