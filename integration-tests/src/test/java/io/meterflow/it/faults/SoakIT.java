package io.meterflow.it.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.it.oracle.GeneratedEvent;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.it.oracle.UsageOracle;
import io.meterflow.it.oracle.UsageStreamGenerator;
import io.meterflow.testkit.MeterflowMiniCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded soak: continuous load for {@code -Dmeterflow.soak.minutes} (default 3) with a fault
 * every minute, alternating a TaskManager loss and a PostgreSQL restart; at the end the results
 * equal the oracle and the counters balance. Heap, checkpointed state size and committed events
 * are logged every 15 s (dedupe TTL 1 min here, so state should plateau after the first minute).
 */
class SoakIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    @Test
    void continuousLoadWithAFaultEveryMinuteStaysExactlyOnce(@InjectMiniCluster MiniCluster mini,
            @InjectClusterRESTAddress URI rest) throws Exception {
        long t0 = System.nanoTime();
        double minutes = Double.parseDouble(System.getProperty("meterflow.soak.minutes", "3"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (EmbeddedPostgresServer pg = FaultKit.ownPostgres("soak")) {
            MeterflowFixture fx = new MeterflowFixture("soak", 2, null, FaultKit.database(pg), Map.of());
            UsageStreamGenerator generator = new UsageStreamGenerator(2026L, now, 20);
            List<GeneratedEvent> all = new ArrayList<>();
            JobClient job = FaultKit.start(fx, "dedupe:\n  ttl: 1m\n");
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            long end = System.nanoTime() + (long) (minutes * 60e9);
            long nextFault = System.nanoTime() + 60_000_000_000L;
            long nextReport = System.nanoTime();
            int faults = 0;
            int batch = 0;
            try {
                while (System.nanoTime() < end) {
                    // ~100 events/s; ids are unique per batch (the generator's redeliveries stay within a batch),
                    // so the 1-minute dedupe TTL never separates a redelivery from its original.
                    List<GeneratedEvent> events = renumber(generator.generate(100), batch++);
                    fx.produce(events);
                    all.addAll(events);
                    if (System.nanoTime() > nextFault) {
                        nextFault += 60_000_000_000L;
                        if (faults++ % 2 == 0) {
                            mini.terminateTaskManager(0).get();
                            mini.startTaskManager();
                            FaultKit.LOG.info("soak fault {}: TaskManager lost and replaced", faults);
                        } else {
                            pg.restart();
                            FaultKit.LOG.info("soak fault {}: PostgreSQL restarted", faults);
                        }
                    }
                    if (System.nanoTime() > nextReport) {
                        nextReport += 15_000_000_000L;
                        Runtime rt = Runtime.getRuntime();
                        String state = "?";
                        try {
                            JsonNode cp = json.readTree(http.send(HttpRequest.newBuilder(
                                    rest.resolve("/jobs/" + job.getJobID() + "/checkpoints")).build(),
                                    HttpResponse.BodyHandlers.ofString()).body());
                            state = cp.path("latest").path("completed").path("checkpointed_size").asText("?")
                                    + " B incremental / " + cp.path("latest").path("completed").path("state_size").asText("?") + " B full";
                        } catch (Exception e) {
                            state = e.toString();
                        }
                        FaultKit.LOG.info("soak t={}s produced={} committed={} heapUsed={} MB state={}", FaultKit.seconds(t0),
                                all.size(), fx.counter("", "events_read"), (rt.totalMemory() - rt.freeMemory()) >> 20, state);
                    }
                    Thread.sleep(1_000);
                }
                FaultKit.awaitRead(fx, all.size(), Duration.ofMinutes(3));
            } finally {
                FaultKit.cancelQuietly(job);
            }
            UsageOracle oracle = new UsageOracle(MeterflowFixture.METERS, all);
            fx.assertCountersEqualOracle(oracle);
            fx.assertEqualsOracle(oracle, now.minus(Duration.ofDays(8)), now.plus(Duration.ofDays(1)));
            FaultKit.LOG.info("SoakIT: {} events, {} faults, took {} s", all.size(), faults, FaultKit.seconds(t0));
        }
    }

    /** Makes ids unique across batches (each batch of the generator restarts at evt-0). */
    private static List<GeneratedEvent> renumber(List<GeneratedEvent> events, int batch) {
        List<GeneratedEvent> out = new ArrayList<>();
        for (GeneratedEvent e : events) {
            if (!e.valid() || e.id() == null) {
                out.add(e);
                continue;
            }
            String id = "b" + batch + "-" + e.id();
            String value = new String(e.value(), java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.LinkedHashMap<>(e.headers());
            if (headers.containsKey("ce_id")) {
                headers.put("ce_id", id);
            } else {
                value = value.replace("\"id\":\"" + e.id() + "\"", "\"id\":\"" + id + "\"");
            }
            out.add(new GeneratedEvent(e.subject(), value.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers, true,
                    e.source(), id, e.type(), e.timeMillis(), e.data(), e.tags()));
        }
        return out;
    }
}
