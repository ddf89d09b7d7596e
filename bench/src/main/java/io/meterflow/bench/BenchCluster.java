package io.meterflow.bench;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink cluster (a MiniCluster in this JVM) for every Flink job of a benchmark run: each job
 * is submitted to a running cluster over REST, as `./meterflow submit` does, so "from job start"
 * means from submission, not from starting a cluster (and the cluster's own code is compiled once).
 */
final class BenchCluster implements AutoCloseable {
    /**
     * Managed memory (RocksDB) of the TaskManager, as `./meterflow run` gives its local cluster:
     * the MiniCluster default leaves RocksDB a few dozen MB per slot.
     */
    static final String MANAGED_MEMORY = "1g";

    private final MiniCluster cluster;
    private final int restPort;
    private final Map<String, String> extraConf;

    private BenchCluster(MiniCluster cluster, int restPort, Map<String, String> extraConf) {
        this.cluster = cluster;
        this.restPort = restPort;
        this.extraConf = extraConf;
    }

    /** @param extraConf settings for the cluster and every job (--flink-conf) */
    static BenchCluster start(int slots, Map<String, String> extraConf) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(MANAGED_MEMORY));
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        // The notification scenario reads the durations of every checkpoint of its probe phase.
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        // Lets the large-state scenario read its RocksDB gauges (only jobs that enable them register any).
        conf.setString("metrics.reporter.benchstate.factory.class", StateGauges.Factory.class.getName());
        extraConf.forEach(conf::setString);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new BenchCluster(cluster, cluster.getRestAddress().get().getPort(), Map.copyOf(extraConf));
    }

    /** An environment submitting to this cluster; the job's classes are on the cluster's classpath. */
    StreamExecutionEnvironment environment(int parallelism) {
        Configuration conf = new Configuration();
        extraConf.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", restPort, conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Job-level settings that must win over what the job sets for itself (--flink-conf). */
    void overrideJobSettings(StreamExecutionEnvironment env) {
        if (!extraConf.isEmpty()) {
            Configuration extra = new Configuration();
            extraConf.forEach(extra::setString);
            env.configure(extra);
        }
    }

    /** The cluster's REST address, e.g. {@code http://127.0.0.1:8081}. */
    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
