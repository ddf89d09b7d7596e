package io.meterflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.job.MeterflowJob;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteOptions;

/** The benchmark's own RocksDB files must be laid out as the job's are, or their bytes and costs say nothing of the job's. */
class JobTableFormatTest {
    @TempDir
    Path dir;

    @Test
    void filesWrittenWithItHaveTheJobsBlocksCompressionFilterAndPartitionedIndex() throws Exception {
        RocksDB.loadLibrary();
        try (JobTableFormat format = new JobTableFormat();
                Options options = format.applyTo(new Options().setCreateIfMissing(true), format.compression());
                RocksDB db = RocksDB.open(options, dir.toString());
                WriteOptions write = new WriteOptions().setDisableWAL(true);
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            SplittableRandom random = new SplittableRandom(7);
            byte[] key = new byte[32];
            byte[] value = new byte[13];
            for (int i = 0; i < 20_000; i++) {
                random.nextBytes(key);
                db.put(write, key, value);
            }
            db.flush(flush);
            assertThat(db.getPropertiesOfAllTables()).hasSize(1);
            TableProperties file = db.getPropertiesOfAllTables().values().iterator().next();
            long blockSize = MeterflowJob.JobSettings.BLOCK_SIZE.getBytes();
            assertThat(file.getNumDataBlocks()).isGreaterThan(20_000L * (key.length + value.length) / (2 * blockSize));
            assertThat(file.getDataSize() / file.getNumDataBlocks()).isLessThanOrEqualTo(blockSize + key.length + value.length);
            assertThat(DedupeStateSize.compressionType(file.getCompressionName())).isEqualTo(MeterflowJob.JobSettings.COMPRESSION);
            assertThat(file.getFilterPolicyName()).containsIgnoringCase("bloom");
            assertThat(file.getIndexPartitions()).isPositive();
        }
    }
}
