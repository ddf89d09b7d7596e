package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.embedded.EmbeddedKafkaBroker;
import io.meterflow.it.api.Http;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker stopped in the middle of a steady POST load and started again: requests answered 503
 * (or cut off) are retried by the client until 204; afterwards every event is counted exactly
 * once, and nothing else is.
 */
class ApiOutageIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    @Test
    void brokerStoppedUnderLoadEveryAcceptedOrRetriedEventCountedOnce() throws Exception {
        try (EmbeddedKafkaBroker kafka = FaultKit.ownKafka("api-outage")) {
            MeterflowFixture fx = new MeterflowFixture("api_outage", 2, kafka.bootstrapServers(), null, Map.of());
            String yaml = fx.configYaml("api:\n  auth: none\n  produceTimeout: 3s\n");
            MeterflowConfig config = MeterflowConfig.parse(yaml, Map.of());
            io.meterflow.sink.Migrations.apply(config.postgres().connectionSettings());
            int perClient = 250;
            int clients = 3;
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger unavailable = new AtomicInteger();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            Map<String, Integer> errors = new ConcurrentHashMap<>();
            JobClient job = FaultKit.start(fx, "api:\n  auth: none\n  produceTimeout: 3s\n");
            String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
                Http http = new Http(server.port());
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perClient; i++) {
                            String ev = Http.event("out-" + client + "-" + i, "customer-" + (i % 5), "api.request", time,
                                    "{\"route\":\"/r" + (i % 3) + "\"}");
                            while (true) { // the client's retry loop: the same request until 204
                                int status;
                                try {
                                    HttpResponse<String> r = http.post("/api/v1/events", "application/cloudevents+json", ev);
                                    status = r.statusCode();
                                } catch (Exception e) {
                                    status = -1;
                                    errors.merge(e.toString(), 1, Integer::sum);
                                }
                                statuses.merge(status, 1, Integer::sum);
                                if (status == 204) {
                                    sent.incrementAndGet();
                                    break;
                                }
                                assertThat(status).as("only 503 (or a cut connection) while the broker is away").isIn(503, -1);
                                unavailable.incrementAndGet();
                                Thread.sleep(200);
                            }
                            Thread.sleep(5);
                        }
                        return null;
                    }));
                }
                MeterflowFixture.await("load under way", Duration.ofMinutes(1), () -> sent.get() >= 150);
                kafka.stop();
                Thread.sleep(8_000);
                kafka.restart();
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }
            try {
                int total = perClient * clients;
                MeterflowFixture.await("every event counted", Duration.ofMinutes(4),
                        () -> fx.counter("api_requests", "counted") >= total);
                Thread.sleep(3_000); // a few more checkpoints: nothing beyond
                assertThat(fx.counter("api_requests", "counted")).isEqualTo(total);
                assertThat(fx.counter("", "events_rejected")).isZero();
                assertThat(statuses.getOrDefault(503, 0)).as("503s while the broker was away: %s %s", statuses, errors).isPositive();
                assertThat(statuses.getOrDefault(-1, 0)).as("no request left unanswered: %s", errors).isZero();
                FaultKit.LOG.info("ApiOutageIT: statuses {}, client errors {}, duplicates dropped by the job {}", statuses, errors,
                        fx.counter("api_requests", "duplicates"));
            } finally {
                FaultKit.cancelQuietly(job);
            }
        }
    }
}
