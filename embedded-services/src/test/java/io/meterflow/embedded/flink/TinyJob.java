package io.meterflow.embedded.flink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.ReduceFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A job small enough to be packed into a JAR from the test classpath and submitted over REST.
 * {@code bounded} (default): 1..100, finishes. {@code unbounded}: a slow endless stream with keyed
 * (RocksDB) state and checkpoints every 300 ms, for checkpoint / savepoint / failover tests.
 */
public final class TinyJob {

    public static void main(String[] args) throws Exception {
        boolean unbounded = args.length > 0 && args[0].equals("unbounded");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Long> numbers;
        if (unbounded) {
            env.enableCheckpointing(300);
            numbers = env.fromSequence(1, Long.MAX_VALUE).map(new Slow()).name("slow");
        } else {
            numbers = env.fromSequence(1, 100);
        }
        numbers.map(new Double()).keyBy(new Mod4()).reduce(new Sum()).uid("sum").sinkTo(new DiscardingSink<>());
        env.execute(unbounded ? "tiny-unbounded" : "tiny-bounded");
    }

    /** Keeps the endless variant from burning both cores. */
    static final class Slow implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(2);
            return value;
        }
    }

    static final class Double implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            return value * 2;
        }
    }

    static final class Mod4 implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long value) {
            return value % 4;
        }
    }

    static final class Sum implements ReduceFunction<Long> {
        @Override
        public Long reduce(Long a, Long b) {
            return a + b;
        }
    }

    private TinyJob() {}
}
