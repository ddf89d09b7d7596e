package io.meterflow.bench;

import io.meterflow.job.MeterflowJob;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.IndexType;
import org.rocksdb.Options;

/**
 * The SST layout MeterflowJob gives RocksDB (block size, compression, bloom filter, partitioned
 * index and filters), for the RocksDB instances the benchmark opens itself: its numbers are only
 * comparable with the job's if its files are laid out the same way.
 */
final class JobTableFormat implements AutoCloseable {
    private final BloomFilter bloom;
    private final BlockBasedTableConfig table;
    private final CompressionType compression;

    JobTableFormat() {
        Configuration job = MeterflowJob.JobSettings.stateBackend();
        List<CompressionType> perLevel = job.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL);
        compression = perLevel.get(perLevel.size() - 1);
        table = new BlockBasedTableConfig()
                .setBlockSize(job.get(RocksDBConfigurableOptions.BLOCK_SIZE).getBytes())
                .setMetadataBlockSize(job.get(RocksDBConfigurableOptions.METADATA_BLOCK_SIZE).getBytes());
        if (job.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)) {
            bloom = new BloomFilter(job.get(RocksDBConfigurableOptions.BLOOM_FILTER_BITS_PER_KEY),
                    job.get(RocksDBConfigurableOptions.BLOOM_FILTER_BLOCK_BASED_MODE));
            table.setFilterPolicy(bloom);
        } else {
            bloom = null;
        }
        if (job.get(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS)) {
            table.setIndexType(IndexType.kTwoLevelIndexSearch).setPartitionFilters(true);
        }
    }

    /** Index and filter blocks in {@code cache} as the job keeps them (top level pinned); call before {@link #applyTo}. */
    JobTableFormat cachedIn(Cache cache) {
        table.setBlockCache(cache).setCacheIndexAndFilterBlocks(true).setPinTopLevelIndexAndFilter(true);
        return this;
    }

    CompressionType compression() {
        return compression;
    }

    /** Sets the job's table layout and, on every level, the given compression. */
    Options applyTo(Options options, CompressionType compressionType) {
        return options.setCompressionType(compressionType).setBottommostCompressionType(compressionType)
                .setTableFormatConfig(table);
    }

    /** The layout in words, for the page's method text. */
    static String describe() {
        Configuration job = MeterflowJob.JobSettings.stateBackend();
        return String.format(java.util.Locale.ROOT,
                "%s blocks, %s, bloom filters %s, partitioned index/filters %s with %.2f of the block cache kept for them",
                job.get(RocksDBConfigurableOptions.BLOCK_SIZE).toHumanReadableString(),
                job.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL),
                job.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER) ? "on" : "off",
                job.get(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS) ? "on" : "off",
                job.get(RocksDBOptions.HIGH_PRIORITY_POOL_RATIO));
    }

    @Override
    public void close() {
        if (bloom != null) {
            bloom.close();
        }
    }
}
