package io.meterflow.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The least an exact dedupe with its state on disk does per event, with no Flink around it: one
 * RocksDB lookup (a miss: every id here is new) and one insert, in batches sorted as the dedupe
 * sorts them, with keys and values shaped like the dedupe's (key group, subject, 128-bit digest;
 * a TTL timestamp and the meter bits) and the job's table layout ({@link JobTableFormat}: bloom
 * filters, partitioned index and filters, block size and compression; no WAL). Its CPU includes
 * RocksDB's flushes and compactions, which run in this JVM's threads. Compared with meterflow's dedupe thread it says how much of that thread is
 * RocksDB's own work, which no change to the operator around it can remove.
 */
final class RocksDbFloor {
    static final int SUBJECTS = 1_000;
    static final int BATCH = 50_000;

    /** What each id costs: today's dedupe does a lookup and a put; the others are what a different design could do at best. */
    enum Mode {
        LOOKUP_AND_PUT("a lookup and a put per id (the dedupe's calls)"),
        LOOKUP_AND_BATCHED_PUT("a lookup per id, the puts of each subject's run in one write batch"),
        BATCHED_PUT_ONLY("no lookup (a perfect \"certainly new\" filter), the puts in write batches");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Result(Mode mode, long events, long nanos, long cpuNanos, Map<String, Long> byThread, long found) {
        double eps() {
            return Stats.rate(events, nanos);
        }

        double cpuMicrosPerEvent() {
            return CpuClock.microsPerEvent(cpuNanos, events);
        }
    }

    private RocksDbFloor() {}

    static Result run(Path dir, long events, Mode mode) throws Exception {
        RocksDB.loadLibrary();
        DedupeStateSize.deleteRecursively(dir);
        Files.createDirectories(dir);
        byte[][] subjects = new byte[SUBJECTS][];
        for (int s = 0; s < SUBJECTS; s++) {
            byte[] name = String.format("customer-%05d", s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            subjects[s] = ByteBuffer.allocate(2 + 1 + name.length)
                    .putShort((short) Math.floorMod(name.hashCode(), 128)) // a key group of 128
                    .put((byte) name.length).put(name).array();
        }
        SplittableRandom random = new SplittableRandom(42);
        try (LRUCache cache = new LRUCache(256L << 20);
                JobTableFormat format = new JobTableFormat().cachedIn(cache);
                Options options = format.applyTo(new Options()
                        .setCreateIfMissing(true)
                        .setWriteBufferSize(64L << 20)
                        .setMaxWriteBufferNumber(2), format.compression());
                WriteOptions write = new WriteOptions().setDisableWAL(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            long cpu0 = CpuClock.processCpuNanos();
            var threads0 = ThreadCpu.snapshot();
            long start = System.nanoTime();
            long found = 0;
            byte[][] keys = new byte[BATCH][];
            byte[] value = new byte[10];
            for (long done = 0; done < events; ) {
                int n = (int) Math.min(BATCH, events - done);
                for (int i = 0; i < n; i++) {
                    byte[] prefix = subjects[random.nextInt(SUBJECTS)];
                    byte[] k = Arrays.copyOf(prefix, prefix.length + 16);
                    ByteBuffer.wrap(k, prefix.length, 16).putLong(random.nextLong()).putLong(random.nextLong());
                    keys[i] = k;
                }
                Arrays.sort(keys, 0, n, Arrays::compareUnsigned); // the dedupe's lookup order: RocksDB's key order
                long now = System.currentTimeMillis();
                ByteBuffer.wrap(value).putLong(now).put((byte) 1).put((byte) 1);
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = 0; i < n; i++) {
                        if (mode != Mode.BATCHED_PUT_ONLY && db.get(keys[i]) != null) {
                            found++;
                        } else if (mode == Mode.LOOKUP_AND_PUT) {
                            db.put(write, keys[i], value);
                        } else {
                            batch.put(keys[i], value);
                        }
                        if (batch.count() > 0 && (i + 1 == n || !samePrefix(keys[i], keys[i + 1]))) { // a subject's run ends
                            db.write(write, batch);
                            batch.clear();
                        }
                    }
                }
                done += n;
            }
            long nanos = System.nanoTime() - start;
            long cpu = CpuClock.between(cpu0, CpuClock.processCpuNanos());
            Map<String, Long> byThread = ThreadCpu.between(threads0, ThreadCpu.snapshot());
            return new Result(mode, events, nanos, cpu, byThread, found);
        } finally {
            DedupeStateSize.deleteRecursively(dir);
        }
    }

    /** The same (key group, subject): the part before the digest. */
    private static boolean samePrefix(byte[] a, byte[] b) {
        return a.length == b.length && Arrays.equals(a, 0, a.length - 16, b, 0, b.length - 16);
    }
}
