package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** What the demo, the benchmark and the tests produce is what the job's decoder reads back, byte for byte. */
class CloudEventWriterTest {
    private static final String TIME = "2024-05-01T11:00:00Z"; // before Decoded.NOW, the fixed clock

    @Property(tries = 500)
    void structuredEventsDecodeToTheirAttributes(@ForAll @StringLength(max = 60) String id,
            @ForAll @StringLength(max = 60) String source, @ForAll @StringLength(max = 60) String subject) {
        if (id.isEmpty() || source.isEmpty() || subject.isEmpty() || Utf8.problem(id + source + subject) != null) {
            return; // invalid CloudEvents, rejected by design (covered by the decoder's own tests)
        }
        String json = CloudEventWriter.structured(id, source, "api.request", subject, TIME, "{\"n\":1}");
        List<UsageEvent> events = decode(json.getBytes(StandardCharsets.UTF_8), Map.of("content-type", CloudEventWriter.STRUCTURED_CONTENT_TYPE));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.source()).isEqualTo(source);
            assertThat(e.subject()).isEqualTo(subject);
            assertThat(e.type()).isEqualTo("api.request");
        });
    }

    @Test
    void binaryHeadersDecodeLikeStructured() {
        Map<String, String> headers = CloudEventWriter.binaryHeaders("e-1", "//gw", "api.request", "acme", TIME);
        List<UsageEvent> events = decode("{\"n\":1}".getBytes(StandardCharsets.UTF_8), headers);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("e-1");
            assertThat(e.subject()).isEqualTo("acme");
        });
    }

    private static List<UsageEvent> decode(byte[] value, Map<String, String> headers) {
        IngestRecord r = Decoded.record(value);
        r.headerNames = headers.keySet().toArray(String[]::new);
        r.headerValues = headers.values().stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        Decoded out = Decoded.decode(r);
        assertThat(out.rejected).isEmpty();
        return out.events;
    }
}
