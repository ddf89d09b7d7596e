package io.meterflow.bench;

import io.meterflow.embedded.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;
import org.rocksdb.WriteOptions;

/**
 * Series meters through the real job: {@code series} pods (10 per subject) report a cumulative counter every
 * 10 s of event time, with restarts (resets) and 5 % of the samples arriving up to a minute late; the same
 * topic is read three times, by a SUM, an INCREASE and a TIME_WEIGHTED meter on the same value, and the
 * samples/s of each run are compared (same data, same run, same machine load).
 *
 * <p>Series state bytes are measured as the dedupe's are ({@link DedupeStateSize}): the SST files of the
 * run's incremental checkpoint that belong to the series stage's column families ({@code series-*}) are
 * copied into a fresh RocksDB and fully compacted; bytes / series. The copy keeps the newest value per key
 * but not deletions, so it is exact only while nothing was pruned or expired: with the default 2 h lateness,
 * up to 720 samples per series.
 */
final class SeriesBench {
    static final long STEP_MS = 10_000;
    static final int PODS_PER_SUBJECT = 10;
    static final List<String> AGGREGATIONS = List.of("SUM", "INCREASE", "TIME_WEIGHTED");

    record Run(String aggregation, long samples, long nanos, long counted, long rejected, long usageRows) {
        double sps() {
            return samples / (nanos / 1e9);
        }
    }

    /** @param series as generated; {@code heads} as found (fewer: some state files were not on disk) */
    record State(long series, long heads, long entries, long compactedBytes, long rawKeyValueBytes, long samplesPerSeries) {
        double bytesPerSeries() {
            return series == 0 ? Double.NaN : (double) compactedBytes / series;
        }

        double rawBytesPerSeries() {
            return series == 0 ? Double.NaN : (double) rawKeyValueBytes / series;
        }
    }

    record Result(int series, int samplesPerSeries, int parallelism, String loadBefore, String loadAfter,
            Map<String, Run> runs, Map<String, State> states) {
        double vsSum(String aggregation) {
            Run r = runs.get(aggregation);
            Run sum = runs.get("SUM");
            return r == null || sum == null ? Double.NaN : r.sps() / sum.sps();
        }

        String machineKeys() {
            StringBuilder b = new StringBuilder();
            for (String a : AGGREGATIONS) {
                Run r = runs.get(a);
                b.append(" series_").append(a.toLowerCase(Locale.ROOT)).append("_sps=")
                        .append(Stats.sig3(r == null ? Double.NaN : r.sps()));
            }
            b.append(" series_increase_vs_sum=").append(Stats.sig3(vsSum("INCREASE")));
            b.append(" series_time_weighted_vs_sum=").append(Stats.sig3(vsSum("TIME_WEIGHTED")));
            State s = states.get("INCREASE");
            b.append(" series_state_bytes_per_series=").append(Stats.sig3(s == null ? Double.NaN : s.bytesPerSeries()));
            return b.toString();
        }
    }

    private SeriesBench() {}

    static String metersYaml(String aggregation) {
        String slug = "pod_cpu_" + aggregation.toLowerCase(Locale.ROOT);
        return "meters:\n"
                + "  - slug: " + slug + "\n"
                + "    eventType: pod.cpu\n"
                + "    aggregation: " + aggregation + "\n"
                + "    valueProperty: $.cpu\n"
                + (aggregation.equals("SUM") ? "" : "    seriesBy: $.pod\n");
    }

    /** The samples in arrival order: rounds of every series, then 5 % moved up to 6 rounds later. */
    static long produce(String bootstrap, String topic, int series, int samplesPerSeries, long endMillis) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        long start = endMillis - samplesPerSeries * STEP_MS;
        long[] counters = new long[series];
        AtomicReference<Exception> failure = new AtomicReference<>();
        long n = 0;
        // Late samples wait in a small queue until their arrival slot: memory bounded by 6 rounds.
        java.util.PriorityQueue<long[]> delayed = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        Map<Long, byte[][]> delayedRecords = new java.util.HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = EventGenerator.producer(bootstrap, false)) {
            Consumer<byte[][]> send = kv -> producer.send(new ProducerRecord<>(topic, kv[0], kv[1]), (md, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
            long slot = 0;
            for (int i = 0; i < samplesPerSeries; i++) {
                for (int s = 0; s < series; s++) {
                    counters[s] = random.nextInt(500) == 0 ? random.nextInt(1000) : counters[s] + random.nextInt(1_000_000);
                    byte[][] kv = event(s, i, start + i * STEP_MS + s % 1000, counters[s]);
                    if (random.nextDouble() < 0.05) {
                        long due = slot + 1 + random.nextInt(6 * series);
                        delayed.add(new long[] {due, slot});
                        delayedRecords.put(slot, kv);
                    } else {
                        send.accept(kv);
                    }
                    slot++;
                    while (!delayed.isEmpty() && delayed.peek()[0] <= slot) {
                        send.accept(delayedRecords.remove(delayed.poll()[1]));
                    }
                    n++;
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                }
            }
            while (!delayed.isEmpty()) {
                send.accept(delayedRecords.remove(delayed.poll()[1]));
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return n;
    }

    private static byte[][] event(int series, int i, long time, long counter) {
        String subject = "tenant-" + (series / PODS_PER_SUBJECT);
        String json = "{\"specversion\":\"1.0\",\"id\":\"s" + series + "-" + i + "\",\"source\":\"node-" + (series % 97)
                + "\",\"type\":\"pod.cpu\",\"subject\":\"" + subject + "\",\"time\":\""
                + EventGenerator.RFC3339_MILLIS.format(Instant.ofEpochMilli(time)) + "\",\"data\":{\"pod\":\"pod-" + series
                + "\",\"cpu\":" + java.math.BigDecimal.valueOf(counter, 3).toPlainString() + "}}";
        return new byte[][] {subject.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)};
    }

    static Run run(BenchCluster cluster, String aggregation, String bootstrap, String topic, EmbeddedPostgresServer pg,
            Path checkpoints, String db, Duration interval, int p, long samples) throws Exception {
        try (PipelineRun run = PipelineRun.start(cluster, bootstrap, topic, pg.jdbcUrl(db), pg.user(), pg.password(),
                interval, checkpoints, p, "series-" + aggregation.toLowerCase(Locale.ROOT), metersYaml(aggregation))) {
            long nanos = run.awaitEventsRead(samples, Duration.ofMinutes(30));
            try (Connection c = run.connect()) {
                return new Run(aggregation, samples, nanos, run.counterAllMeters(c, "counted"),
                        run.counterAllMeters(c, "rejected"), PipelineRun.usageRows(c, run.generation));
            }
        }
    }

    /** The series stage's column families of a checkpoint, compacted into a fresh RocksDB. */
    static State measureState(Path checkpointRoot, Path workDir, int series, int samplesPerSeries) throws Exception {
        RocksDB.loadLibrary();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(checkpointRoot)) {
            files = walk.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toList());
        }
        Path dbDir = workDir.resolve("series-compacted");
        DedupeStateSize.deleteRecursively(dbDir);
        Files.createDirectories(dbDir);
        List<Path> ssts = new ArrayList<>();
        String compression = null;
        for (Path f : files) {
            try (Options o = new Options(); SstFileReader reader = new SstFileReader(o)) {
                reader.open(f.toString());
                String cf = new String(reader.getTableProperties().getColumnFamilyName(), StandardCharsets.UTF_8);
                if (cf.startsWith("series-")) {
                    ssts.add(f);
                    compression = reader.getTableProperties().getCompressionName();
                }
            } catch (Exception notAnSst) {
                // metadata, MANIFEST, operator state
            }
        }
        CompressionType type = DedupeStateSize.compressionType(compression);
        long heads = 0;
        long entries = 0;
        long raw = 0;
        try (Options options = new Options().setCreateIfMissing(true).setCompressionType(type)
                        .setBottommostCompressionType(type);
                RocksDB db = RocksDB.open(options, dbDir.toString()); WriteOptions w = new WriteOptions().setDisableWAL(true)) {
            // A key is in several files when its value was rewritten, and the files carry no order. A bucket only
            // gains samples and a head's newest time only grows, so the longest bucket and the newest head are
            // the current ones (until pruning deletes buckets, which is why the measure needs no pruning).
            Map<java.nio.ByteBuffer, byte[]> current = new java.util.HashMap<>();
            for (Path f : ssts) {
                try (Options o = new Options(); SstFileReader reader = new SstFileReader(o); ReadOptions ro = new ReadOptions()) {
                    reader.open(f.toString());
                    String cf = new String(reader.getTableProperties().getColumnFamilyName(), StandardCharsets.UTF_8);
                    // One entry per series: a head, or in the layout of the previous version the whole series.
                    boolean isHeads = cf.startsWith("series-heads-") || cf.startsWith("series-samples-");
                    try (SstFileReaderIterator it = reader.newIterator(ro)) {
                        for (it.seekToFirst(); it.isValid(); it.next()) {
                            byte[] key = it.key();
                            byte[] k = new byte[key.length + 1];
                            k[0] = (byte) (isHeads ? 'h' : 'b');
                            System.arraycopy(key, 0, k, 1, key.length);
                            byte[] v = it.value();
                            current.merge(java.nio.ByteBuffer.wrap(k), v, (a, b) -> newer(isHeads, a, b) ? a : b);
                        }
                    }
                }
            }
            for (Map.Entry<java.nio.ByteBuffer, byte[]> e : current.entrySet()) {
                db.put(w, e.getKey().array(), e.getValue());
            }
            try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                db.flush(fo);
            }
            db.compactRange();
            try (org.rocksdb.RocksIterator it = db.newIterator()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    entries++;
                    raw += it.key().length - 1 + it.value().length;
                    heads += it.key()[0] == 'h' ? 1 : 0;
                }
            }
            return new State(series, heads, entries, db.getLongProperty("rocksdb.total-sst-files-size"), raw, samplesPerSeries);
        } finally {
            DedupeStateSize.deleteRecursively(dbDir);
        }
    }

    /** Heads (and layout-1 series) by their newest time, then length; buckets by length. */
    private static boolean newer(boolean head, byte[] a, byte[] b) {
        if (head && a.length > 9 && b.length > 9) {
            int c = Long.compare(java.nio.ByteBuffer.wrap(a, 1, 8).getLong(), java.nio.ByteBuffer.wrap(b, 1, 8).getLong());
            if (c != 0) {
                return c > 0;
            }
        }
        return a.length >= b.length;
    }

    /** Runs the three meters over one topic; {@code say} gets the progress lines. */
    static Result run(BenchCluster cluster, String bootstrap, EmbeddedPostgresServer pg, Path work, Duration interval, int p,
            int series, int samplesPerSeries, long warmUpSamples, Consumer<String> say) throws Exception {
        String loadBefore = MeterflowBench.loadAverage();
        String topic = "bench-series";
        MeterflowBench.createTopic(bootstrap, topic);
        long t0 = System.nanoTime();
        long samples = produce(bootstrap, topic, series, samplesPerSeries, System.currentTimeMillis() - 60_000);
        say.accept(String.format(Locale.ROOT, "series: produced %,d samples (%,d series x %d, every 10 s, 5 %% late) in %.1f s",
                samples, series, samplesPerSeries, (System.nanoTime() - t0) / 1e9));
        Map<String, Run> runs = new LinkedHashMap<>();
        Map<String, State> states = new LinkedHashMap<>();
        for (String a : AGGREGATIONS) {
            if (warmUpSamples > 0) { // each meter's code is cold in a fresh JVM; the first run would pay for it
                String db = "series_warmup_" + a.toLowerCase(Locale.ROOT);
                pg.createDatabase(db);
                Path checkpoints = work.resolve("checkpoints").resolve(db);
                run(cluster, a, bootstrap, topic, pg, checkpoints, db, interval, p, Math.min(samples, warmUpSamples));
                DedupeStateSize.deleteRecursively(checkpoints);
            }
        }
        for (String a : AGGREGATIONS) {
            String db = "series_" + a.toLowerCase(Locale.ROOT);
            pg.createDatabase(db);
            Path checkpoints = work.resolve("checkpoints").resolve(db);
            Run r = run(cluster, a, bootstrap, topic, pg, checkpoints, db, interval, p, samples);
            runs.put(a, r);
            String state = "";
            if (!a.equals("SUM")) {
                State s = measureState(checkpoints, work, series, samplesPerSeries);
                states.put(a, s);
                state = String.format(Locale.ROOT, "; series state %,.0f B/series compacted (%,.0f B keys + values), %,d series"
                        + " (%,d heads found), %,d entries", s.bytesPerSeries(), s.rawBytesPerSeries(), s.series(), s.heads(),
                        s.entries());
            }
            say.accept(String.format(Locale.ROOT, "series: %s p%d %,.0f samples/s end to end (%.1f s; counted %,d, rejected %,d,"
                    + " %,d usage rows)%s", a, p, r.sps(), r.nanos() / 1e9, r.counted(), r.rejected(), r.usageRows(), state));
            DedupeStateSize.deleteRecursively(checkpoints);
        }
        MeterflowBench.deleteTopic(bootstrap, topic);
        return new Result(series, samplesPerSeries, p, loadBefore, MeterflowBench.loadAverage(), runs, states);
    }
}
