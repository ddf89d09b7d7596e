package io.meterflow.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.UsageEvent;
import io.meterflow.it.api.Http;
import io.meterflow.it.oracle.MeterflowFixture;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The decoder's hostile corpus over HTTP: every structured-mode record POSTed as a request gets the
 * status the job's decoder implies (400 with the same reason codes, 413 over the byte limit, 204 for
 * per-meter problems), and the server stays up with its heap bounded.
 */
class ApiHostileInputIT {

    @Test
    void hostileCorpusGetsTheDecodersVerdictOverHttp() throws Exception {
        MeterflowFixture fx = new MeterflowFixture("api_hostile", 1);
        MeterflowConfig config = MeterflowConfig.parse(fx.configYaml("api:\n  auth: none\n  maxRequestBytes: 2MiB\n"), Map.of());
        io.meterflow.sink.Migrations.apply(config.postgres().connectionSettings());
        CloudEventDecoder decoder = new CloudEventDecoder(config.events().decoderSettings());
        List<HostileInputIT.Hostile> corpus = HostileInputIT.hostileRecords(new Random(778L), 1_200);
        Map<String, Integer> byKind = new TreeMap<>();
        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            Http http = new Http(server.port());
            Runtime rt = Runtime.getRuntime();
            long heapLimit = rt.maxMemory() * 9 / 10;
            for (HostileInputIT.Hostile h : corpus) {
                if (h.headers().stream().anyMatch(n -> n[0].startsWith("ce_"))) {
                    continue; // binary mode is a Kafka encoding; HTTP bodies are structured
                }
                byte[] body = h.value() == null ? new byte[0] : h.value();
                List<String> reasons = new ArrayList<>();
                int[] events = new int[1];
                decoder.decode(new IngestRecord("t", 0, 0, System.currentTimeMillis(), body), new CloudEventDecoder.Output() {
                    @Override
                    public void event(UsageEvent e) {
                        events[0]++;
                    }

                    @Override
                    public void rejected(RejectedEvent r) {
                        reasons.add(r.reason);
                    }
                });
                int expected = body.length > 2 * 1024 * 1024 ? 413 : reasons.isEmpty() ? 204 : 400;
                HttpResponse<String> r = http.post("/api/v1/events", "application/json", body);
                assertThat(r.statusCode()).as("%s: %s", h.kind(), r.body()).isEqualTo(expected);
                if (expected == 400) {
                    List<String> got = new ArrayList<>();
                    Http.json(r).get("events").forEach(e -> got.add(e.get("reason").asText()));
                    assertThat(got).as(h.kind()).isEqualTo(reasons);
                }
                byKind.merge(h.kind() + " -> " + expected, 1, Integer::sum);
                assertThat(rt.totalMemory() - rt.freeMemory()).as("heap after %s", h.kind()).isLessThan(heapLimit);
            }
            assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(byKind.keySet()).anyMatch(k -> k.endsWith("413")).anyMatch(k -> k.endsWith("204"))
                    .anyMatch(k -> k.endsWith("400"));
        }
        FaultKit.LOG.info("ApiHostileInputIT: statuses by kind {}", byKind);
    }
}
