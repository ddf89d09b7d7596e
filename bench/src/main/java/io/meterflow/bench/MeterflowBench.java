package io.meterflow.bench;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.embedded.EmbeddedPostgresServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./meterflow bench}: meterflow against the physical limit (raw Kafka consume), the naive
 * approach (one INSERT per event + GROUP BY) and Flink SQL, on an embedded Kafka broker and
 * PostgreSQL, plus dedupe state per id and freshness. Prints a table, writes
 * {@code <out>/benchmarks.md} and {@code <out>/benchmarks.png}; the last line printed is the
 * machine-readable summary (see README, "Benchmark").
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark meterflow against raw Kafka consume, naive PostgreSQL inserts and Flink SQL.")
public final class MeterflowBench implements Callable<Integer> {
    static final int PARTITIONS = 4;

    @Option(names = "--events", description = "records per scenario (default ${DEFAULT-VALUE})", defaultValue = "2000000")
    long events;

    @Option(names = "--scenarios", description = "uniform,zipf,meters3,dup10,subjects100k,subjects1m (default ${DEFAULT-VALUE})",
            defaultValue = "uniform,zipf,meters3,dup10,subjects100k,subjects1m")
    String scenarios;

    @Option(names = "--parallelism", description = "meterflow parallelisms (default ${DEFAULT-VALUE})", split = ",",
            defaultValue = "1,2")
    List<Integer> parallelism;

    @Option(names = "--systems", split = ",", defaultValue = "raw,pipeline,floor,naive,flinksql,largestate,freshness,notifications",
            description = "parts to run (default ${DEFAULT-VALUE}; also: series)")
    List<String> systems;

    @Option(names = "--series", defaultValue = "10000",
            description = "series: pods sampled every 10 s of event time, 10 per subject (default ${DEFAULT-VALUE})")
    int series;

    @Option(names = "--series-samples", defaultValue = "40",
            description = "series: samples per series, the same topic for SUM, INCREASE and TIME_WEIGHTED"
                    + " (default ${DEFAULT-VALUE}: a few minutes; 720 fill the default 2 h lateness)")
    int seriesSamples;

    @Option(names = "--out", description = "where benchmarks.md and benchmarks.png go (default ${DEFAULT-VALUE})",
            defaultValue = "docs")
    Path out;

    @Option(names = "--work-dir", description = "broker, PostgreSQL and checkpoint data (default: a new temp dir)")
    Path workDir;

    @Option(names = "--checkpoint-interval-ms", defaultValue = "5000",
            description = "meterflow (and Flink SQL) checkpoint interval (default ${DEFAULT-VALUE})")
    long checkpointIntervalMs;

    @Option(names = "--warm-up-events", defaultValue = "300000",
            description = "events the meterflow job reads once, unmeasured, before the measured runs: JIT warm-up,"
                    + " as the raw consumer gets (default ${DEFAULT-VALUE}; 0 = none)")
    long warmUpEvents;

    @Option(names = "--jit-settle-s", defaultValue = "60",
            description = "after each unmeasured warm-up, wait up to this long for the JIT compilers to go idle, for the"
                    + " raw consumer and meterflow alike; 0: do not wait (default ${DEFAULT-VALUE})")
    long jitSettleSeconds;

    @Option(names = "--naive-sample", defaultValue = "20000",
            description = "single-row INSERTs timed before extrapolating to N (default ${DEFAULT-VALUE})")
    long naiveSample;

    @Option(names = "--freshness-rate", defaultValue = "5000", description = "steady load, events/s (default ${DEFAULT-VALUE})")
    int freshnessRate;

    @Option(names = "--freshness-probes", defaultValue = "150", description = "probes, one per 200 ms (default ${DEFAULT-VALUE})")
    int freshnessProbes;

    @Option(names = "--notification-intervals-ms", split = ",", defaultValue = "1000,5000",
            description = "checkpoint intervals of the notification latency runs (default ${DEFAULT-VALUE})")
    List<Long> notificationIntervalsMs;

    @Option(names = "--notification-probes", defaultValue = "100",
            description = "threshold-crossing probes per notification latency run, one per 200 ms (default ${DEFAULT-VALUE})")
    int notificationProbes;

    @Option(names = "--large-state-ids", split = ",", defaultValue = "2000000,50000000,2000000",
            description = "remembered ids the dedupe state is filled with before the measured records, in this order;"
                    + " the fastest run of the smallest and of the largest size are compared (default ${DEFAULT-VALUE}:"
                    + " the cheap small run once more after the long large one; e.g. 200000,5000000 for a quick run; multiples of"
                    + " 50,000 keep the prefill and the measured records in separate dedupe batches)")
    List<Long> largeStateIds;

    @Option(names = "--large-state-redeliveries", defaultValue = "UNIFORM",
            description = "where the measured phase's redeliveries come from: UNIFORM (any prefilled id, the worst case)"
                    + " or RECENT (the last " + LargeState.RECENT_IDS + " prefilled ids, as retries are) (default ${DEFAULT-VALUE})")
    LargeState.Redeliveries largeStateRedeliveries;

    @Option(names = "--large-state-events", defaultValue = "2000000",
            description = "measured records after the prefill, the same for every size (default ${DEFAULT-VALUE})")
    long largeStateEvents;

    @Option(names = "--flink-conf", description = "extra Flink setting for the MiniClusters, key=value (repeatable),"
            + " e.g. state.backend.rocksdb.use-bloom-filter=true")
    java.util.Map<String, String> flinkConf = new java.util.LinkedHashMap<>();

    @Option(names = "--steady-from", defaultValue = "0.5",
            description = "steady state: meterflow's rate from its first commit at or after this share of the events to its"
                    + " last commit before all are in, the raw consumer's over the same event counts (default ${DEFAULT-VALUE})")
    double steadyFrom;

    @Option(names = "--profile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "JFR-profile one extra, unmeasured meterflow run of the first scenario (default ${DEFAULT-VALUE})")
    boolean profile;

    private final PrintStream log = System.out;
    /** The Flink cluster every job of this run is submitted to. */
    private BenchCluster cluster;

    public static void main(String[] args) {
        int code = new CommandLine(new MeterflowBench()).execute(args);
        System.exit(code);
    }

    private void say(String format, Object... args) {
        log.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        log.flush();
    }

    @Override
    public Integer call() throws Exception {
        long begin = System.nanoTime();
        Path work = workDir != null ? workDir : Files.createTempDirectory("meterflow-bench-");
        Files.createDirectories(work);
        Files.createDirectories(out);
        Duration interval = Duration.ofMillis(checkpointIntervalMs);
        int maxP = parallelism.stream().mapToInt(Integer::intValue).max().orElse(1);
        Report report = new Report();
        report.events = events;
        report.checkpointInterval = interval;
        report.flinkConf = flinkConf.toString();
        report.loadBefore = loadAverage();
        say("work dir %s; load average %s; starting embedded Kafka and PostgreSQL", work, report.loadBefore);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"));
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(work.resolve("pg"));
                BenchCluster flink = BenchCluster.start(maxP, flinkConf)) {
            cluster = flink;
            String bootstrap = broker.bootstrapServers();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                report.postgresVersion = rs.getString(1);
            }
            report.machine = machine(report.postgresVersion);
            boolean scenarioParts = systems.stream().anyMatch(List.of("raw", "pipeline", "naive", "flinksql")::contains);
            for (Scenario scenario : scenarioParts ? Scenario.parseList(scenarios) : List.<Scenario>of()) {
                report.scenarios.add(runScenario(scenario, bootstrap, pg, work, interval, maxP, report));
                report.totalSeconds = (System.nanoTime() - begin) / 1_000_000_000L;
                report.loadAfter = loadAverage();
                report.write(out); // partial results survive an interrupted run
            }
            if (systems.contains("largestate")) {
                if (warmUpEvents > 0) { // as for the pipeline runs: the first job of a kind runs on cold code
                    long ids = Math.min(warmUpEvents, largeStateIds.stream().mapToLong(Long::longValue).min().orElse(warmUpEvents));
                    long t0 = System.nanoTime();
                    LargeState.run(cluster, ids, Math.min(largeStateEvents, warmUpEvents), largeStateRedeliveries,
                            Duration.ofDays(35));
                    say("large state: warm-up run (%,d ids, unmeasured) took %.1f s", ids, (System.nanoTime() - t0) / 1e9);
                }
                for (long ids : largeStateIds) {
                    say("large state: %,d remembered ids, then %,d measured records (10 %% redeliveries, %s), dedupe at p1",
                            ids, largeStateEvents, largeStateRedeliveries.name().toLowerCase(Locale.ROOT));
                    LargeState.Result r;
                    try {
                        r = LargeState.run(cluster, ids, largeStateEvents, largeStateRedeliveries, Duration.ofDays(35));
                    } catch (Exception e) { // e.g. out of disk: keep what the other parts measured
                        say("large state: %,d ids failed: %s", ids, e);
                        continue;
                    }
                    report.largeState.add(r);
                    say("large state: %,d ids: %,.0f events/s, %.1f CPU µs/event (prefill %.1f s, its compactions %s B, %.1f s more), %s SST bytes, %.1f B/id, "
                            + "block cache %s B; counted %,d, duplicates %,d (expected %,d); by thread, µs/event: %s", ids, r.eps(),
                            r.cpuMicrosPerEvent(), r.prefillNanos() / 1e9, Report.bytes(r.pendingCompactionBytesAfterPrefill()),
                            r.settleNanos() / 1e9, Report.bytes(r.sstBytes()), r.bytesPerId(),
                            Report.bytes(r.blockCacheCapacity()), r.counted(), r.duplicates(), r.expectedDuplicates(), r.byThread());
                    report.totalSeconds = (System.nanoTime() - begin) / 1_000_000_000L;
                    report.write(out);
                }
                say("large_state_vs_small = %s", Stats.sig3(report.largeStateVsSmall()));
            }
            if (systems.contains("series")) {
                report.series = SeriesBench.run(cluster, bootstrap, pg, work, interval, maxP, series, seriesSamples,
                        Math.min(warmUpEvents, (long) series * seriesSamples), line -> say("%s", line));
                say("series:%s", report.series.machineKeys());
                report.write(out);
            }
            if (systems.contains("freshness")) {
                report.freshnessRate = freshnessRate;
                report.freshnessParallelism = maxP;
                report.freshness = freshness(bootstrap, pg, work, interval, maxP);
                say("freshness p50 %.0f ms, p99 %.0f ms (%d of %d probes seen)", report.freshnessP(50),
                        report.freshnessP(99), report.freshness.latenciesMs().length, report.freshness.probesSent());
            }
            if (systems.contains("notifications")) {
                report.notificationRate = freshnessRate;
                report.freshnessParallelism = maxP;
                for (long ms : notificationIntervalsMs) {
                    String db = "mf_notify_" + ms;
                    pg.createDatabase(db);
                    Path checkpoints = work.resolve("checkpoints").resolve(db);
                    say("notifications: steady load %,d events/s, %,d subjects with limits, checkpoint every %d ms, %d probes",
                            freshnessRate, NotificationLatency.SUBJECTS, ms, notificationProbes);
                    NotificationLatency.Result r = NotificationLatency.run(cluster, bootstrap, pg.jdbcUrl(db), pg.user(), pg.password(),
                            checkpoints, Duration.ofMillis(ms), maxP, freshnessRate, notificationProbes);
                    report.notifications.add(r);
                    say("notifications at %d ms: topic p50 %.0f ms p99 %.0f ms, webhook p50 %.0f ms p99 %.0f ms (%d/%d/%d probes); "
                            + "checkpoints p50 %.0f ms p99 %.0f ms (%d)", ms,
                            Stats.percentile(r.topicMs(), 50), Stats.percentile(r.topicMs(), 99), Stats.percentile(r.webhookMs(), 50),
                            Stats.percentile(r.webhookMs(), 99), r.probesSent(), r.topicMs().length, r.webhookMs().length,
                            Stats.percentile(r.checkpointMs(), 50), Stats.percentile(r.checkpointMs(), 99), r.checkpointMs().length);
                    DedupeStateSize.deleteRecursively(checkpoints);
                    dropDatabase(pg, db);
                    report.write(out);
                }
            }
        }
        report.totalSeconds = (System.nanoTime() - begin) / 1_000_000_000L;
        report.loadAfter = loadAverage();
        report.write(out);
        log.println();
        log.print(report.table());
        log.println();
        log.println("wrote " + out.resolve("benchmarks.md") + " and " + out.resolve("benchmarks.png"));
        log.println(report.machineLine());
        log.flush();
        return 0;
    }

    private Report.ScenarioResult runScenario(Scenario scenario, String bootstrap, EmbeddedPostgresServer pg, Path work,
            Duration interval, int maxP, Report report) throws Exception {
        Report.ScenarioResult r = new Report.ScenarioResult(scenario);
        String topic = "bench-" + scenario.id;
        createTopic(bootstrap, topic);
        say("%s: producing %,d records to %s (%d partitions)", scenario.id, events, topic, PARTITIONS);
        EventGenerator gen = new EventGenerator(scenario, 42);
        long t0 = System.nanoTime();
        long bytes = gen.produce(bootstrap, topic, events, System.currentTimeMillis() - 60_000);
        r.produceEps = Stats.rate(events, System.nanoTime() - t0);
        r.records = events;
        r.avgValueBytes = (double) bytes / events;
        r.uniqueEvents = gen.uniqueEvents();
        say("%s: produced at %,.0f records/s, %.0f B/value, %,d unique events", scenario.id, r.produceEps,
                r.avgValueBytes, r.uniqueEvents);

        if (systems.contains("raw")) {
            // One full unmeasured pass first: the consumer's code and the broker's fetch path warm up,
            // as meterflow's warm-up run does (with 200,000 records the raw rate kept rising by ~50 %
            // over the later scenarios of a run).
            RawConsume.read(bootstrap, topic, events, false);
            settleJit(scenario.id + ": raw consumer");
            r.rawTrace = new SteadyWindow.Trace();
            r.rawEps = Stats.rate(events, RawConsume.read(bootstrap, topic, events, false, r.rawTrace));
            r.rawJsonEps = Stats.rate(events, RawConsume.read(bootstrap, topic, events, true));
            say("%s: raw consume %,.0f/s, with Jackson parse %,.0f/s", scenario.id, r.rawEps, r.rawJsonEps);
        }
        if (systems.contains("pipeline")) {
            if (warmUpEvents > 0) {
                warmUp(scenario, topic, bootstrap, pg, work, interval, maxP);
                settleJit(scenario.id + ": meterflow");
            }
            for (int p : parallelism) {
                String db = "mf_" + scenario.id + "_p" + p;
                pg.createDatabase(db);
                Path checkpoints = work.resolve("checkpoints").resolve(db);
                Report.PipelineResult result;
                long cpu0 = CpuClock.processCpuNanos();
                var threads0 = ThreadCpu.snapshot();
                Map<String, Long> byThread;
                SteadyWindow.Result steady;
                try (PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(),
                        interval, checkpoints, p, scenario)) {
                    long nanos = run.awaitEventsRead(events, Duration.ofMinutes(30));
                    long cpu = CpuClock.between(cpu0, CpuClock.processCpuNanos());
                    byThread = ThreadCpu.between(threads0, ThreadCpu.snapshot()); // before the job's threads end
                    steady = SteadyWindow.of(run.commits, run.checkpoints(cluster.restUrl()), (long) Math.ceil(steadyFrom * events), events);
                    // An idle backend publishes its table statistics (pg_stat_user_tables) after at most 10 s.
                    Thread.sleep(11_000);
                    try (Connection c = run.connect()) {
                        result = new Report.PipelineResult(p, nanos, run.counterAllMeters(c, "counted"),
                                run.counterAllMeters(c, "duplicates"), PipelineRun.usageRows(c, run.generation),
                                PipelineRun.usageRowWrites(c), run.firstCommitNanos, run.firstCommitEvents, cpu);
                    }
                }
                r.pipeline.put(p, result);
                if (steady != null) {
                    r.steady.put(p, steady);
                }
                say("%s: meterflow p%d %,.0f events/s end to end (%.1f CPU µs/event), %,.0f/s after the first commit at %.1f s (%.1f s; "
                        + "counted %,d, duplicates %,d, %,d usage rows, %,.0f row writes/s)",
                        scenario.id, p, result.eps(events), result.cpuMicrosPerEvent(events), result.steadyEps(events),
                        result.firstCommitNanos() / 1e9,
                        result.nanos() / 1e9, result.counted(), result.duplicates(),
                        result.usageRows(), result.rowWritesPerSecond());
                if (!byThread.isEmpty()) {
                    say("%s: meterflow p%d CPU µs/event by thread (/proc, JIT and native threads included): %s",
                            scenario.id, p, ThreadCpu.perEvent(byThread, events, 8));
                }
                if (steady == null) {
                    say("%s: meterflow p%d steady state: fewer than two checkpoints between %,d and %,d events (a longer run or a"
                            + " shorter checkpoint interval gives one)", scenario.id, p, (long) Math.ceil(steadyFrom * events), events);
                } else {
                    double rawSteady = r.rawSteadyEps(p);
                    say("%s: meterflow p%d steady state (checkpoints at %,d -> %,d events, %.1f s): %,.0f events/s (%.1f CPU µs/event); "
                            + "raw consumer over the same events %,.0f/s; ratio %s (whole job: %s)", scenario.id, p,
                            steady.fromEvents(), steady.toEvents(), steady.nanos() / 1e9, steady.eps(), steady.cpuMicrosPerEvent(),
                            rawSteady, Report.ratio(steady.eps() / rawSteady), Report.ratio(result.eps(events) / r.rawEps));
                    if (!steady.byThread().isEmpty()) {
                        say("%s: meterflow p%d steady state CPU µs/event by thread: %s", scenario.id, p,
                                ThreadCpu.perEvent(steady.byThread(), steady.events(), 8));
                    }
                }
                if (p == maxP) {
                    r.dedupe = DedupeStateSize.measure(checkpoints, work);
                    say("%s: dedupe state %.1f B/id (%,d entries, %,d compacted SST bytes, %s)", scenario.id,
                            r.dedupe.bytesPerId(), r.dedupe.entries(), r.dedupe.compactedBytes(), r.dedupe.compression());
                }
                DedupeStateSize.deleteRecursively(checkpoints);
            }
            if (profile && report.profile == null && (scenario == Scenario.UNIFORM || !scenarios.contains("uniform"))) {
                profiledRun(scenario, topic, bootstrap, pg, work, interval, maxP, report);
            }
        }
        if (systems.contains("floor")) {
            floors(scenario, topic, bootstrap, pg, work, interval, maxP, r);
        }
        if (systems.contains("naive")) {
            String db = "naive_" + scenario.id;
            pg.createDatabase(db);
            boolean fullGroupBy = report.scenarios.isEmpty(); // first scenario: GROUP BY over all N rows
            r.naive = NaiveSql.run(bootstrap, topic, events, naiveSample, fullGroupBy, pg.jdbcUrl(db), pg.user(), pg.password());
            say("%s: naive %,.0f single-row inserts/s (sample %,d), GROUP BY (for %,d rows%s) %.2f s -> %,.0f events/s (extrapolated)",
                    scenario.id, r.naive.insertEps(), r.naive.sample(), events, r.naive.groupByScaled() ? ", scaled from the "
                            + "sample" : "", r.naive.groupByNanos() / 1e9, r.naive.eps());
            dropDatabase(pg, db);
        }
        if (systems.contains("flinksql")) {
            String db = "sql_" + scenario.id;
            pg.createDatabase(db);
            Path checkpoints = work.resolve("checkpoints").resolve(db);
            r.flinkSql = FlinkSqlRun.run(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(), maxP, interval,
                    checkpoints, scenario);
            say("%s: Flink SQL %,.0f events/s (%.1f s; counted %,d events, %,d rows)", scenario.id, r.flinkSqlEps(),
                    r.flinkSql.nanos() / 1e9, r.flinkSql.countedEvents(), r.flinkSql.rows());
            DedupeStateSize.deleteRecursively(checkpoints);
        }
        deleteTopic(bootstrap, topic);
        return r;
    }

    /**
     * The ceilings of any Flink job on this data (see {@link FlinkFloor}), timed over meterflow's steady-state
     * window when there is one (else from {@code --steady-from} to the end), beside the raw consumer over the
     * same events.
     */
    private void floors(Scenario scenario, String topic, String bootstrap, EmbeddedPostgresServer pg, Path work,
            Duration interval, int p, Report.ScenarioResult r) throws Exception {
        String db = "floor_" + scenario.id; // named in the config only: the floors write nothing to PostgreSQL
        Path dir = work.resolve("checkpoints").resolve(db);
        MeterflowConfig config = MeterflowConfig.parse(PipelineRun.yaml(bootstrap, topic, "bench-floor", pg.jdbcUrl(db),
                pg.user(), pg.password(), interval, dir, p, scenario), Map.of());
        SteadyWindow.Result meterflow = r.steady.get(p);
        long from = meterflow == null ? (long) Math.ceil(steadyFrom * events) : meterflow.fromEvents();
        long to = meterflow == null ? events : meterflow.toEvents();
        for (FlinkFloor.Kind kind : FlinkFloor.Kind.values()) {
            FlinkFloor.run(cluster, config, events, p, kind); // unmeasured: the floor's own code compiled, as meterflow's is
            settleJit(scenario.id + ": floor " + kind.id());
            FlinkFloor.Result run = FlinkFloor.run(cluster, config, events, p, kind);
            SteadyWindow.Result w = run.window(from, to);
            if (w == null) {
                say("%s: floor p%d (%s): no polls between %,d and %,d records", scenario.id, p, kind.label, from, to);
                continue;
            }
            r.floors.put(kind, w);
            double raw = r.rawTrace == null ? Double.NaN : r.rawTrace.eps(w.fromEvents(), w.toEvents());
            say("%s: floor p%d, %s: %,.0f records/s over %,d -> %,d (%.1f CPU µs/record; whole job %.1f s); raw consumer over"
                    + " the same records %,.0f/s; ratio %s", scenario.id, p, kind.label, w.eps(), w.fromEvents(), w.toEvents(),
                    w.cpuMicrosPerEvent(), run.nanos() / 1e9, raw, Report.ratio(w.eps() / raw));
            if (!w.byThread().isEmpty()) {
                say("%s: floor p%d, %s: CPU µs/record by thread: %s", scenario.id, p, kind.id(),
                        ThreadCpu.perEvent(w.byThread(), w.events(), 8));
            }
        }
        for (RocksDbFloor.Mode mode : RocksDbFloor.Mode.values()) {
            RocksDbFloor.Result rocks = RocksDbFloor.run(work.resolve("rocksdb-floor"), events, mode);
            r.rocksDbFloors.put(mode, rocks);
            say("%s: floor, RocksDB alone (no Flink, sorted batches of %,d, %,d new ids), %s: %,.0f ids/s on one thread,"
                    + " %.1f CPU µs/id (by thread: %s)", scenario.id, RocksDbFloor.BATCH, rocks.events() - rocks.found(),
                    mode.label, rocks.eps(), rocks.cpuMicrosPerEvent(), ThreadCpu.perEvent(rocks.byThread(), rocks.events(), 4));
        }
        DedupeStateSize.deleteRecursively(dir);
    }

    /**
     * A long-running TaskManager has its hot code compiled; a fresh benchmark JVM has not. One
     * unmeasured run over the first events of the topic compiles it, as the raw consumer's warm-up does.
     */
    private void warmUp(Scenario scenario, String topic, String bootstrap, EmbeddedPostgresServer pg, Path work,
            Duration interval, int p) throws Exception {
        String db = "warmup_" + scenario.id;
        pg.createDatabase(db);
        Path checkpoints = work.resolve("checkpoints").resolve(db);
        long n = Math.min(events, warmUpEvents);
        long t0 = System.nanoTime();
        try (PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(),
                interval, checkpoints, p, scenario)) {
            run.awaitEventsRead(n, Duration.ofMinutes(10));
        }
        say("%s: warm-up run (meterflow p%d, %,d events, unmeasured) took %.1f s", scenario.id, p, n,
                (System.nanoTime() - t0) / 1e9);
        DedupeStateSize.deleteRecursively(checkpoints);
        dropDatabase(pg, db);
    }

    private void settleJit(String what) throws InterruptedException {
        if (jitSettleSeconds <= 0) {
            return;
        }
        long before = JitSettle.compileMillis();
        JitSettle.Result r = JitSettle.await(Duration.ofSeconds(jitSettleSeconds));
        say("%s: JIT compilers %s after the warm-up in %.1f s (%,d ms of compile time meanwhile, %,d ms in all)", what,
                r.settled() ? "idle" : "still busy", r.waitedMillis() / 1e3, r.compileMillis(), before + r.compileMillis());
    }

    /** JFR costs throughput, so the profile comes from one more run, after the measured ones. */
    private void profiledRun(Scenario scenario, String topic, String bootstrap, EmbeddedPostgresServer pg, Path work,
            Duration interval, int p, Report report) throws Exception {
        String db = "profile_" + scenario.id;
        pg.createDatabase(db);
        Path checkpoints = work.resolve("checkpoints").resolve(db);
        try (JfrProfile jfr = new JfrProfile();
                PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(),
                        interval, checkpoints, p, scenario)) {
            run.awaitEventsRead(events, Duration.ofMinutes(30));
            Path recording = work.resolve("pipeline-" + scenario.id + "-p" + p + ".jfr").toAbsolutePath();
            report.profile = jfr.stop(recording, 15);
            report.profileLabel = "meterflow, scenario " + scenario.id + ", parallelism " + p + " (an extra run, not measured)";
            say("%s: JFR recording of an extra, unmeasured p%d run: %s", scenario.id, p, recording);
        }
        DedupeStateSize.deleteRecursively(checkpoints);
        dropDatabase(pg, db);
    }

    private Freshness.Result freshness(String bootstrap, EmbeddedPostgresServer pg, Path work, Duration interval, int p)
            throws Exception {
        String topic = "bench-freshness";
        createTopic(bootstrap, topic);
        String db = "mf_freshness";
        pg.createDatabase(db);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Double> achieved = new AtomicReference<>(Double.NaN);
        EventGenerator gen = new EventGenerator(Scenario.UNIFORM, 7);
        Thread load = Freshness.load(bootstrap, topic, freshnessRate, stop, achieved, new AtomicLong(),
                n -> gen.next("load-", System.currentTimeMillis()));
        say("freshness: steady load %,d events/s, meterflow p%d, %d probes", freshnessRate, p, freshnessProbes);
        try (PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(), interval,
                work.resolve("checkpoints").resolve(db), p, Scenario.UNIFORM)) {
            try (Connection c = run.connect()) { // warm: wait for the first commits, then let it settle
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (run.eventsRead(c) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            Thread.sleep(2 * interval.toMillis());
            return Freshness.probe(bootstrap, topic, run, freshnessProbes, 200);
        } finally {
            stop.set(true);
            load.join(10_000);
            DedupeStateSize.deleteRecursively(work.resolve("checkpoints").resolve(db));
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
            }
        }
    }

    static void deleteTopic(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (Exception e) {
            // only disk space
        }
    }

    private static void dropDatabase(EmbeddedPostgresServer pg, String db) {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS \"" + db + "\"");
        } catch (Exception e) {
            // only disk space
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (Exception e) {
            return "?";
        }
    }

    static String machine(String postgresVersion) {
        long memKb = 0;
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return String.format(Locale.ROOT,
                "| | |%n|---|---|%n| date | %s |%n| cores (`nproc`) | %d (%s) |%n| memory | %.1f GiB |%n| Java | %s %s |%n"
                        + "| Flink | %s (MiniCluster in the benchmark JVM, RocksDB state) |%n| Kafka | broker 4.1.1 (embedded, KRaft, 1 node), clients "
                                + "4.2.0 |%n"
                        + "| PostgreSQL | %s (embedded) |%n| OS | %s %s |%n",
                ZonedDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), cpu, memKb / 1048576.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                org.apache.flink.runtime.util.EnvironmentInformation.getVersion(), postgresVersion,
                System.getProperty("os.name"), System.getProperty("os.version"));
    }
}
