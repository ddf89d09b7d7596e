package io.meterflow.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-rolled decoder agrees with the CloudEvents SDK (JsonFormat for structured mode,
 * KafkaMessageFactory for both Kafka modes) on the spec examples and on generated events.
 */
class CloudEventDecoderSdkEquivalenceTest {
    private static final ObjectMapper JSON = new CloudEventDecoder(Decoded.settings()).mapper();

    /** The JSON format spec's examples (with the subject meterflow requires). */
    static final String SPEC_JSON_DATA = "{\n"
            + "    \"specversion\" : \"1.0\",\n"
            + "    \"type\" : \"com.example.someevent\",\n"
            + "    \"source\" : \"/mycontext\",\n"
            + "    \"subject\" : \"larger-context\",\n"
            + "    \"id\" : \"A234-1234-1234\",\n"
            + "    \"time\" : \"2018-04-05T17:31:00Z\",\n"
            + "    \"comexampleextension1\" : \"value\",\n"
            + "    \"comexampleothervalue\" : 5,\n"
            + "    \"datacontenttype\" : \"application/json\",\n"
            + "    \"data\" : {\n"
            + "        \"appinfoA\" : \"abc\",\n"
            + "        \"appinfoB\" : 123,\n"
            + "        \"appinfoC\" : true\n"
            + "    }\n"
            + "}";
    static final String SPEC_XML_DATA = "{\n"
            + "    \"specversion\" : \"1.0\",\n"
            + "    \"type\" : \"com.example.someevent\",\n"
            + "    \"source\" : \"/mycontext\",\n"
            + "    \"subject\" : \"larger-context\",\n"
            + "    \"id\" : \"B234-1234-1234\",\n"
            + "    \"time\" : \"2018-04-05T17:31:00Z\",\n"
            + "    \"comexampleextension1\" : \"value\",\n"
            + "    \"unsetextension\": null,\n"
            + "    \"datacontenttype\" : \"application/xml\",\n"
            + "    \"data\" : \"<much wow=\\\"xml\\\"/>\"\n"
            + "}";
    static final String SPEC_BASE64_DATA = "{\n"
            + "    \"specversion\" : \"1.0\",\n"
            + "    \"type\" : \"com.example.someevent\",\n"
            + "    \"source\" : \"/mycontext\",\n"
            + "    \"subject\" : \"larger-context\",\n"
            + "    \"id\" : \"C234-1234-1234\",\n"
            + "    \"time\" : \"2018-04-05T17:31:00Z\",\n"
            + "    \"datacontenttype\" : \"application/vnd.apache.thrift.binary\",\n"
            + "    \"data_base64\" : \"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5\"\n"
            + "}";
    static final String SPEC_NO_DATA = "{\n"
            + "    \"specversion\" : \"1.0\",\n"
            + "    \"type\" : \"com.github.pull_request.opened\",\n"
            + "    \"source\" : \"https://github.com/cloudevents/spec/pull\",\n"
            + "    \"subject\" : \"123\",\n"
            + "    \"id\" : \"A234-1234-1234\",\n"
            + "    \"time\" : \"2018-04-05T17:31:00Z\",\n"
            + "    \"comexampleextension1\" : \"value\"\n"
            + "}";

    static Stream<Arguments> specExamples() {
        return Stream.of(Arguments.of(SPEC_JSON_DATA), Arguments.of(SPEC_XML_DATA), Arguments.of(SPEC_BASE64_DATA),
                Arguments.of(SPEC_NO_DATA));
    }

    @ParameterizedTest
    @MethodSource("specExamples")
    void specExamplesStructured(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertSameStructured(bytes);
        // The same through the Kafka binding's structured mode.
        IngestRecord r = Decoded.record(bytes).header("content-type", utf8(CloudEventDecoder.STRUCTURED_CONTENT_TYPE));
        assertSame(Decoded.decode(r).single(), sdkKafka(r));
    }

    @Test
    void specKafkaBinaryExample() throws Exception {
        // CloudEvents Kafka protocol binding, 3.2.4 example (Avro data), with a subject.
        IngestRecord r = Decoded.record(new byte[] {0x06, 'a', 'b', 'c', 0x02})
                .header("ce_specversion", utf8("1.0"))
                .header("ce_type", utf8("com.example.someevent"))
                .header("ce_source", utf8("/mycontext/subcontext"))
                .header("ce_id", utf8("1234-1234-1234"))
                .header("ce_subject", utf8("larger-context"))
                .header("ce_time", utf8("2018-04-05T03:56:24Z"))
                .header("content-type", utf8("application/avro"))
                .header("ce_comexampleextension1", utf8("value"));
        UsageEvent e = Decoded.decode(r).single();
        assertSame(e, sdkKafka(r));
        assertThat(e.data().binaryValue()).isEqualTo(r.value);
    }

    @Test
    void specExamplesInOneBatch() throws Exception {
        String batch = "[" + SPEC_JSON_DATA + "," + SPEC_XML_DATA + "," + SPEC_BASE64_DATA + "," + SPEC_NO_DATA + "]";
        IngestRecord r = Decoded.record(batch).header("content-type", utf8(CloudEventDecoder.BATCH_CONTENT_TYPE));
        Decoded d = Decoded.decode(r);
        assertThat(d.rejected).isEmpty();
        assertThat(d.events).hasSize(4);
        for (UsageEvent e : d.events) {
            // Each element's own bytes parse, through the SDK, to the same event.
            assertSame(e, new JsonFormat().deserialize(e.eventBytes()));
        }
    }

    @Test
    void generatedEventsAgreeInBothModes() throws Exception {
        Random random = new Random(20240501);
        int compared = 0;
        for (int i = 0; i < 60; i++) {
            ObjectNode ev = generate(random, i);
            byte[] structured = JSON.writeValueAsBytes(ev);
            assertSameStructured(structured);
            IngestRecord binary = toBinary(ev);
            assertSame(Decoded.decode(binary).single(), sdkKafka(binary));
            compared++;
        }
        assertThat(compared).isEqualTo(60);
    }

    @Test
    void eventsTheSdkRefusesAreRejected() {
        String[] bad = {
            Decoded.event("specversion", "0.2"), Decoded.event("id", Decoded.REMOVE),
            Decoded.event("source", Decoded.REMOVE), Decoded.event("type", Decoded.REMOVE),
            Decoded.event("time", "not-a-time"), Decoded.event("id", 5), "{\"data\":1}", "[1]", "{"
        };
        for (String json : bad) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            boolean sdkRefused;
            try {
                new JsonFormat().deserialize(bytes);
                sdkRefused = false;
            } catch (RuntimeException e) {
                sdkRefused = true;
            }
            assertThat(sdkRefused).as("SDK on %s", json).isTrue();
            assertThat(Decoded.decode(json).events).as(json).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------

    private static ObjectNode generate(Random random, int i) {
        ObjectNode ev = JSON.createObjectNode();
        ev.put("specversion", "1.0");
        ev.put("id", "id-" + i + "-" + Long.toHexString(random.nextLong()));
        ev.put("source", random.nextBoolean() ? "/svc/" + random.nextInt(5) : "urn:meterflow:" + i);
        ev.put("type", "com.example." + (random.nextBoolean() ? "llm.completion" : "api.request"));
        ev.put("subject", "customer-" + random.nextInt(1000) + (random.nextInt(5) == 0 ? " ünïcødé ✓" : ""));
        if (random.nextInt(4) != 0) {
            long millis = Instant.parse("2024-04-01T00:00:00Z").toEpochMilli() + (long) random.nextInt(1_000_000_000);
            String t = Instant.ofEpochMilli(millis).toString();
            if (random.nextBoolean()) {
                t = t.replace("Z", "+00:00");
            }
            ev.put("time", t);
        }
        if (random.nextInt(3) == 0) {
            ev.put("comexampleext", "x" + random.nextInt(10));
        }
        int shape = random.nextInt(4);
        if (shape < 3) {
            ev.put("datacontenttype", "application/json");
            ObjectNode data = ev.putObject("data");
            data.put("tokens", random.nextInt(10_000));
            data.put("cost", new java.math.BigDecimal(random.nextInt(100_000)).movePointLeft(random.nextInt(6)));
            data.put("model", random.nextBoolean() ? "gpt-4" : "claude");
            data.putObject("usage").put("total_tokens", random.nextInt(500)).putArray("list").add(1).add("two");
        } else if (shape == 3) {
            ev.put("datacontenttype", "text/plain");
            ev.put("data", "plain text " + random.nextInt());
        }
        return ev;
    }

    /** Binary mode of the same event: ce_ headers and the data as the value. */
    private static IngestRecord toBinary(ObjectNode ev) throws Exception {
        JsonNode data = ev.get("data");
        byte[] value = data == null ? null
                : data.isTextual() ? utf8(data.textValue()) : JSON.writeValueAsBytes(data);
        IngestRecord r = Decoded.record(value);
        ev.fields().forEachRemaining(f -> {
            if (f.getKey().equals("data")) {
                return;
            }
            if (f.getKey().equals("datacontenttype")) {
                r.header("content-type", utf8(f.getValue().asText()));
            } else {
                r.header("ce_" + f.getKey(), utf8(f.getValue().asText()));
            }
        });
        return r;
    }

    private static void assertSameStructured(byte[] bytes) throws Exception {
        UsageEvent ours = Decoded.decode(Decoded.record(bytes)).single();
        assertSame(ours, new JsonFormat().deserialize(bytes));
    }

    private static CloudEvent sdkKafka(IngestRecord r) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < r.headerNames.length; i++) {
            headers.add(r.headerNames[i], r.headerValues[i]);
        }
        return KafkaMessageFactory.createReader(headers, r.value).toEvent();
    }

    private static void assertSame(UsageEvent ours, CloudEvent sdk) throws Exception {
        assertThat(ours.id()).isEqualTo(sdk.getId());
        assertThat(ours.source()).isEqualTo(sdk.getSource().toString());
        assertThat(ours.type()).isEqualTo(sdk.getType());
        assertThat(ours.subject()).isEqualTo(sdk.getSubject());
        long expectedTime = sdk.getTime() == null ? Decoded.KAFKA_TS : sdk.getTime().toInstant().toEpochMilli();
        assertThat(ours.timeMillis()).isEqualTo(expectedTime);
        if (sdk.getData() == null) {
            assertThat(ours.data()).isNull();
            return;
        }
        byte[] sdkData = sdk.getData().toBytes();
        JsonNode data = ours.data();
        String contentType = sdk.getDataContentType();
        boolean json = contentType == null || CloudEventDecoder.isJsonMediaType(contentType);
        if (data.isBinary()) {
            assertThat(data.binaryValue()).isEqualTo(sdkData);
        } else if (data.isTextual() && !json) {
            assertThat(data.textValue()).isEqualTo(new String(sdkData, StandardCharsets.UTF_8));
        } else {
            assertThat(data).isEqualTo(JSON.readTree(sdkData));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
