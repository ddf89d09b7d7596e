package io.meterflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;
import org.rocksdb.WriteOptions;

/**
 * Dedupe state bytes per remembered id, measured on what the real DedupeOperator wrote to RocksDB.
 *
 * <p>Method: the pipeline run checkpoints incrementally, so its checkpoint directory holds the
 * RocksDB SST files of the dedupe operator (the only keyed state). Every SST file found there is
 * read entry by entry (SstFileReader) and re-inserted into a fresh RocksDB with the compression
 * the checkpointed files were written with and the job's table layout ({@link JobTableFormat}: block
 * size, bloom filter, partitioned index); a full manual compaction (compactRange) then leaves one
 * bottommost, deduplicated, sequence-number-free copy of the state. Its SST bytes divided by its
 * entry count (one entry per (subject, source-id digest)) is the steady-state cost of a
 * remembered id, key (key group + subject key + 16-byte digest, prefix-compressed), value
 * (TTL timestamp + meter bits) and RocksDB's per-entry, index and filter overhead included.
 */
final class DedupeStateSize {
    record Result(long entries, long compactedBytes, long checkpointFileBytes, int sstFiles, String compression) {
        double bytesPerId() {
            return entries == 0 ? Double.NaN : (double) compactedBytes / entries;
        }
    }

    private DedupeStateSize() {}

    static Result measure(Path checkpointRoot, Path workDir) throws Exception {
        RocksDB.loadLibrary();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(checkpointRoot)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("_metadata"))
                    .collect(java.util.stream.Collectors.toList());
        }
        long checkpointBytes = 0;
        for (Path f : files) {
            checkpointBytes += Files.size(f);
        }
        Path dbDir = workDir.resolve("dedupe-compacted");
        deleteRecursively(dbDir);
        Files.createDirectories(dbDir);
        String compression = null;
        int sstFiles = 0;
        try (JobTableFormat format = new JobTableFormat(); Options options = new Options().setCreateIfMissing(true)) {
            List<Path> ssts = new ArrayList<>();
            for (Path f : files) {
                try (Options o = new Options(); SstFileReader reader = new SstFileReader(o)) {
                    reader.open(f.toString());
                    if (compression == null) {
                        compression = reader.getTableProperties().getCompressionName();
                    }
                    ssts.add(f);
                } catch (Exception notAnSst) {
                    // MANIFEST, OPTIONS, CURRENT, operator state: not SST files
                }
            }
            sstFiles = ssts.size();
            format.applyTo(options, compressionType(compression));
            try (RocksDB db = RocksDB.open(options, dbDir.toString()); WriteOptions w = new WriteOptions().setDisableWAL(true)) {
                for (Path f : ssts) {
                    try (Options o = new Options(); SstFileReader reader = new SstFileReader(o);
                            ReadOptions ro = new ReadOptions()) {
                        reader.open(f.toString());
                        try (SstFileReaderIterator it = reader.newIterator(ro)) {
                            for (it.seekToFirst(); it.isValid(); it.next()) {
                                db.put(w, it.key(), it.value());
                            }
                        }
                    }
                }
                try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(fo);
                }
                db.compactRange();
                long entries = 0;
                try (RocksIterator it = db.newIterator()) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        entries++;
                    }
                }
                long bytes = db.getLongProperty("rocksdb.total-sst-files-size");
                return new Result(entries, bytes, checkpointBytes, sstFiles, compression);
            }
        } finally {
            deleteRecursively(dbDir);
        }
    }

    static CompressionType compressionType(String name) {
        if (name == null) {
            return CompressionType.SNAPPY_COMPRESSION;
        }
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("snappy")) {
            return CompressionType.SNAPPY_COMPRESSION;
        } else if (n.contains("lz4hc")) {
            return CompressionType.LZ4HC_COMPRESSION;
        } else if (n.contains("lz4")) {
            return CompressionType.LZ4_COMPRESSION;
        } else if (n.contains("zstd")) {
            return CompressionType.ZSTD_COMPRESSION;
        } else if (n.contains("zlib")) {
            return CompressionType.ZLIB_COMPRESSION;
        }
        return CompressionType.NO_COMPRESSION;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
