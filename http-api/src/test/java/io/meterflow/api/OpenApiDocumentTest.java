package io.meterflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meterflow.config.MeterflowConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every route the server has is in the checked-in OpenAPI document, and every documented operation is a route. */
class OpenApiDocumentTest {
    static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Test
    void routesAndDocumentAgree() throws Exception {
        // Nothing is reached at start-up: the producer and the reader pool connect lazily.
        MeterflowConfig config = MeterflowConfig.parse(String.join("\n",
                "kafka: { bootstrapServers: '127.0.0.1:1', topic: events }",
                "postgres: { url: 'jdbc:postgresql://127.0.0.1:1/none' }",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", ""), Map.of());
        try (ApiServer server = ApiServers.start(config, "127.0.0.1", 0)) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.yaml")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(ApiServer.openApi());
            JsonNode doc = new YAMLMapper().readTree(r.body());
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            SortedSet<String> documented = new TreeSet<>();
            doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase() + " " + p.getKey());
                }
            }));
            assertThat(server.routes()).isEqualTo(documented);
        }
    }
}
