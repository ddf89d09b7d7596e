package io.meterflow.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.it.oracle.MeterflowFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest benchmark in one run on this machine: a raw idempotent producer loop (the physical limit)
 * against the API under wrk on loopback, single-event POSTs and 100-event batches. Reports only;
 * run on demand: {@code -Dit.test=ApiBenchIT -Dmeterflow.apiBench=true} (skipped otherwise, and without wrk):
 * a benchmark, not a test of the suite.
 */
class ApiBenchIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApiBenchIT.class);

    @TempDir
    Path dir;

    static String event(long i) {
        return Http.event("b-" + i, "customer-" + (i % 100), "api.request", null, "{\"route\":\"/v1/chat\"}");
    }

    @Test
    void rawProducerVersusApi() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("meterflow.apiBench"), "benchmark: -Dmeterflow.apiBench=true runs it");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")), "wrk not installed");
        MeterflowFixture fx = new MeterflowFixture("api_bench", 2);
        MeterflowConfig config = MeterflowConfig.parse(fx.configYaml("api:\n  auth: none\n"), Map.of());

        // Raw producer: same settings as the API's (acks=all, idempotent), 100-byte-ish events.
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafkaBootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        int n = 300_000;
        long t0 = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(fx.topic, ("customer-" + (i % 100)).getBytes(StandardCharsets.UTF_8),
                        event(i).getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        double rawRate = n / ((System.nanoTime() - t0) / 1e9);
        assertThat(failed.get()).isZero();

        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            String url = "http://127.0.0.1:" + server.port() + "/api/v1/events";
            Path single = Files.writeString(dir.resolve("single.lua"), lua(event(1)));
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                batch.append(i == 0 ? "" : ",").append(event(i));
            }
            Path batched = Files.writeString(dir.resolve("batch.lua"), lua(batch.append(']').toString()));
            wrk(single, url, 5); // warm-up
            String s = wrk(single, url, 15);
            String b = wrk(batched, url, 15);
            LOG.info("BENCH raw producer: {} events/s", String.format("%.0f", rawRate));
            LOG.info("BENCH API single-event POSTs:\n{}", s);
            LOG.info("BENCH API 100-event batches:\n{}", b);
        }
    }

    static String lua(String body) {
        return "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/cloudevents+json\"\nwrk.body = [==["
                + body + "]==]\n";
    }

    static String wrk(Path script, String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t1", "-c64", "-d" + seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
