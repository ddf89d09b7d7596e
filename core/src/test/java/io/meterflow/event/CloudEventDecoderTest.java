package io.meterflow.event;

import static io.meterflow.event.Decoded.KAFKA_TS;
import static io.meterflow.event.Decoded.NOW;
import static io.meterflow.event.Decoded.REMOVE;
import static io.meterflow.event.Decoded.decode;
import static io.meterflow.event.Decoded.event;
import static io.meterflow.event.Decoded.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------ structured mode

    @Test
    void validStructuredEventIsDecoded() {
        String json = event();
        UsageEvent e = decode(json).single();
        assertThat(e.id()).isEqualTo("e-1");
        assertThat(e.source()).isEqualTo("/svc");
        assertThat(e.type()).isEqualTo("api.request");
        assertThat(e.subject()).isEqualTo("customer-1");
        assertThat(e.timeMillis()).isEqualTo(Instant.parse("2024-05-01T11:58:30.123Z").toEpochMilli());
        assertThat(e.batchIndex()).isZero();
        assertThat(e.eventBytes()).isEqualTo(utf8(json));
        assertThat(e.record().offset).isEqualTo(42L);
        assertThat(e.data().get("model").textValue()).isEqualTo("gpt-4");
    }

    @Test
    void decimalsAreExactBigDecimalsWithTheirScale() {
        UsageEvent e = decode("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\","
                + "\"data\":{\"a\":0.1,\"b\":0.2,\"c\":12.50,\"d\":1e2,\"big\":123456789012345678901234567890}}").single();
        BigDecimal sum = e.data().get("a").decimalValue().add(e.data().get("b").decimalValue());
        assertThat(sum).isEqualTo(new BigDecimal("0.3"));
        assertThat(e.data().get("c").decimalValue()).isEqualTo(new BigDecimal("12.50"));
        assertThat(e.data().get("big").bigIntegerValue().toString()).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void missingTimeUsesKafkaTimestamp() {
        assertThat(decode(event("time", REMOVE)).single().timeMillis()).isEqualTo(KAFKA_TS);
        assertThat(decode(event("time", null)).single().timeMillis()).isEqualTo(KAFKA_TS);
    }

    @Test
    void missingTimeAndNoKafkaTimestampIsBadTime() {
        IngestRecord r = record(event("time", REMOVE));
        r.timestamp = -1;
        assertThat(decode(r).singleRejection().reason).isEqualTo("BAD_TIME");
    }

    @Test
    void dataIsNotJudgedHere() {
        assertThat(decode(event("data", REMOVE)).single().data()).isNull();
        assertThat(decode(event("data", 5)).single().data().intValue()).isEqualTo(5);
        assertThat(decode(event("data", "text", "datacontenttype", "text/plain")).single().data().textValue())
                .isEqualTo("text");
    }

    @Test
    void dataBase64BecomesBinary() throws Exception {
        UsageEvent e = decode(event("data", REMOVE, "data_base64", "AQID")).single();
        assertThat(e.data().isBinary()).isTrue();
        assertThat(e.data().binaryValue()).containsExactly(1, 2, 3);
    }

    @Test
    void dataAndDataBase64TogetherIsNotACloudEvent() {
        RejectedEvent r = decode(event("data_base64", "AQID")).singleRejection();
        assertThat(r.reason).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(r.eventId).isEqualTo("e-1");
    }

    @Test
    void badBase64IsNotACloudEvent() {
        assertThat(decode(event("data", REMOVE, "data_base64", "!!!")).singleRejection().reason)
                .isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void nonStringDataContentTypeIsNotACloudEvent() {
        assertThat(decode(event("datacontenttype", 7)).singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void extensionsAreIgnored() {
        assertThat(decode(event("comexampleextension1", "value", "comexampleothervalue", 5)).events).hasSize(1);
    }

    // ------------------------------------------------------------ attributes

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject"})
    void requiredAttributeMissingNullEmptyOrNonString(String name) {
        for (Object bad : new Object[] {REMOVE, null, "", 12, true, JSON.createObjectNode()}) {
            RejectedEvent r = decode(event(name, bad)).singleRejection();
            assertThat(r.reason).as("%s=%s", name, bad).isEqualTo("MISSING_ATTRIBUTE");
            assertThat(r.detail).contains(name);
        }
    }

    @Test
    void everyMissingAttributeIsNamed() {
        RejectedEvent r = decode(event("id", REMOVE, "subject", "")).singleRejection();
        assertThat(r.detail).contains("missing required attribute id").contains("subject must not be empty");
        assertThat(r.eventSource).isEqualTo("/svc");
        assertThat(r.eventId).isNull();
    }

    @Test
    void missingSpecversionIsMissingAttribute() {
        RejectedEvent r = decode(event("specversion", REMOVE)).singleRejection();
        assertThat(r.reason).isEqualTo("MISSING_ATTRIBUTE");
        assertThat(r.detail).contains("specversion");
    }

    @Test
    void otherSpecversionIsUnsupported() {
        for (Object v : new Object[] {"0.3", "1", "1.0 ", 1.0, 1}) {
            RejectedEvent r = decode(event("specversion", v)).singleRejection();
            assertThat(r.reason).as("%s", v).isEqualTo("UNSUPPORTED_SPECVERSION");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-05-01T11:58:30Z", "2024-05-01t11:58:30z", "2024-05-01T11:58:30.1Z",
        "2024-05-01T11:58:30.123456789Z", "2024-05-01T13:58:30+02:00", "2024-05-01T06:28:30-05:30",
        "1970-01-01T00:00:00Z", "2024-02-29T00:00:00Z"
    })
    void rfc3339TimesAreAccepted(String time) {
        assertThat(decode(event("time", time)).events).as(time).hasSize(1);
    }

    @Test
    void offsetsAreApplied() {
        assertThat(decode(event("time", "2024-05-01T13:58:30.5+02:00")).single().timeMillis())
                .isEqualTo(Instant.parse("2024-05-01T11:58:30.500Z").toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-05-01", "2024-05-01T11:58Z", "2024-05-01T11:58:30", "2024-05-01 11:58:30Z",
        "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T11:58:30+25:00",
        "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "yesterday", "",
        "2024-05-01T11:58:30.Z", "2024-05-01T11:58:30+0200", "2024-05-01T11:58:60Z"
    })
    void badTimes(String time) {
        RejectedEvent r = decode(event("time", time)).singleRejection();
        assertThat(r.reason).as(time).isEqualTo("BAD_TIME");
    }

    @Test
    void nonStringTimeIsBadTime() {
        assertThat(decode(event("time", 1714564710000L)).singleRejection().reason).isEqualTo("BAD_TIME");
    }

    @Test
    void futureTimeBeyondSkewIsRejected() {
        String inSkew = NOW.plus(Duration.ofMinutes(5)).toString();
        String beyond = NOW.plus(Duration.ofMinutes(5)).plusMillis(1).toString();
        assertThat(decode(event("time", inSkew)).events).hasSize(1);
        assertThat(decode(event("time", beyond)).singleRejection().reason).isEqualTo("FUTURE_TIME");
        assertThat(decode(event("time", "9999-12-31T23:59:59Z")).singleRejection().reason).isEqualTo("FUTURE_TIME");
    }

    @Test
    void futureKafkaTimestampIsRejectedToo() {
        IngestRecord r = record(event("time", REMOVE));
        r.timestamp = NOW.plus(Duration.ofHours(1)).toEpochMilli();
        assertThat(decode(r).singleRejection().reason).isEqualTo("FUTURE_TIME");
    }

    // ------------------------------------------------------------ JSON problems

    @ParameterizedTest
    @ValueSource(strings = {
        "{", "{\"a\":}", "not json", "{\"specversion\":\"1.0\"} trailing", "{} {}", "[{}", "{\"a\":NaN}",
        "{\"a\":1,\"a\":2}", "[1,]"
    })
    void malformedJson(String value) {
        RejectedEvent r = decode(value).singleRejection();
        assertThat(r.reason).as(value).isEqualTo("MALFORMED_JSON");
        assertThat(r.batchIndex).isZero();
        assertThat(r.payload).isEqualTo(utf8(value));
    }

    @Test
    void duplicateKeysAreMalformed() {
        String dup = event().replace("\"id\":\"e-1\"", "\"id\":\"e-1\",\"id\":\"e-2\"");
        RejectedEvent r = decode(dup).singleRejection();
        assertThat(r.reason).isEqualTo("MALFORMED_JSON");
        assertThat(r.detail).contains("Duplicate");
    }

    @Test
    void duplicateKeysInsideDataAreMalformed() {
        String dup = event().replace("\"data\":{", "\"data\":{\"nested\":{\"a\":1,\"a\":2},");
        assertThat(dup).contains("\"a\":1,\"a\":2");
        RejectedEvent r = decode(dup).singleRejection();
        assertThat(r.reason).isEqualTo("MALFORMED_JSON");
        assertThat(r.detail).contains("Duplicate field 'a'");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bytes = utf8(event("subject", "XX"));
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("XX");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28;
        assertThat(decode(record(bytes)).singleRejection().reason).isEqualTo("MALFORMED_JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"x\"", "true", "null", "12.5"})
    void scalarsAreNotCloudEvents(String value) {
        assertThat(decode(value).singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void emptyAndNullValuesAreNotCloudEvents() {
        assertThat(decode((String) null).singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(decode("").singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(decode("  \n").singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
        assertThat(decode((String) null).singleRejection().payload).isEmpty();
    }

    @Test
    void deepNestingIsRejectedQuickly() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        long t0 = System.nanoTime();
        assertThat(decode(deep).singleRejection().reason).isEqualTo("MALFORMED_JSON");
        String deepData = event().replace("\"data\":{", "\"data\":" + "{\"a\":".repeat(100_000) + "{");
        assertThat(decode(deepData).singleRejection().reason).isEqualTo("MALFORMED_JSON");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String nested = "{\"a\":".repeat(90) + "1" + "}".repeat(90);
        assertThat(decode(event("data", REMOVE).replace("}", ",\"data\":" + nested + "}")).events).hasSize(1);
    }

    @Test
    void hugeValuesAreTooLargeBeforeParsing() {
        byte[] huge = new byte[100 * 1024 * 1024];
        Arrays.fill(huge, (byte) '[');
        long t0 = System.nanoTime();
        RejectedEvent r = decode(record(huge)).singleRejection();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(r.reason).isEqualTo("TOO_LARGE");
        assertThat(r.payloadSize).isEqualTo(huge.length);
        assertThat(r.payload).hasSize(64 * 1024);
    }

    @Test
    void headersCountTowardsMaxBytes() {
        CloudEventDecoder small = new CloudEventDecoder(Decoded.settings().withMaxBytes(1000));
        IngestRecord r = record(event()).header("big", new byte[900]);
        assertThat(Decoded.decode(small, r).singleRejection().reason).isEqualTo("TOO_LARGE");
    }

    @Test
    void hugeStringWithinMaxBytesIsFineButBounded() {
        String s = "x".repeat(900_000);
        // Parsing is bounded by maxBytes only; keys have their own, far smaller limits.
        assertThat(decode(event("comexampleext", s)).single().subject()).isNotEmpty();
        assertThat(decode(event("subject", s)).singleRejection().reason).isEqualTo("ATTRIBUTE_TOO_LONG");
        CloudEventDecoder small = new CloudEventDecoder(Decoded.settings().withMaxBytes(10_000));
        assertThat(Decoded.decode(small, record(event("subject", s))).singleRejection().reason)
                .isEqualTo("TOO_LARGE");
    }

    @Test
    void randomBytesAreRejected() {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        RejectedEvent r = decode(record(junk)).singleRejection();
        assertThat(r.reason).isIn("MALFORMED_JSON", "NOT_A_CLOUDEVENT");
    }

    @Test
    void longNumbersAreKeptUpToTheParserLimit() {
        String digits = "1".repeat(1500);
        assertThat(decode(event("data", REMOVE).replace("}", ",\"data\":{\"v\":" + digits + "}}")).events).hasSize(1);
        String tooLong = "1".repeat(5000);
        assertThat(decode(event("data", REMOVE).replace("}", ",\"data\":{\"v\":" + tooLong + "}}"))
                .singleRejection().reason).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void hugeExponentsDoNotExplode() {
        String v = event("data", REMOVE).replace("}", ",\"data\":{\"v\":1e999999999,\"w\":1e-999999999}}");
        assertThat(decode(v).single().data().get("v").decimalValue().scale()).isEqualTo(-999999999);
        String overflow = event("data", REMOVE).replace("}", ",\"data\":{\"v\":1e99999999999}}");
        Decoded d = decode(overflow);
        assertThat(d.events.size() + d.rejected.size()).isEqualTo(1);
    }

    // ------------------------------------------------------------ batch

    @Test
    void batchElementsAreJudgedOneByOne() {
        String a = event("id", "a");
        String b = event("id", "b", "subject", REMOVE);
        String c = "42";
        String d = event("id", "d");
        String batch = "[ " + a + ",\n" + b + "," + c + " , " + d + "]";
        Decoded out = decode(record(batch).header("content-type", utf8(CloudEventDecoder.BATCH_CONTENT_TYPE)));
        assertThat(out.events).extracting(UsageEvent::id).containsExactly("a", "d");
        assertThat(out.events).extracting(UsageEvent::batchIndex).containsExactly(0, 3);
        assertThat(out.events.get(0).eventBytes()).isEqualTo(utf8(a));
        assertThat(out.events.get(1).eventBytes()).isEqualTo(utf8(d));
        assertThat(out.rejected).extracting(r -> r.reason).containsExactly("MISSING_ATTRIBUTE", "NOT_A_CLOUDEVENT");
        assertThat(out.rejected).extracting(r -> r.batchIndex).containsExactly(1, 2);
        assertThat(out.rejected.get(0).payload).isEqualTo(utf8(b));
        assertThat(out.rejected.get(0).eventId).isEqualTo("b");
    }

    @Test
    void arrayValueWithoutContentTypeIsABatch() {
        assertThat(decode("[" + event("id", "a") + "," + event("id", "b") + "]").events).hasSize(2);
    }

    @Test
    void emptyBatchIsRejected() {
        assertThat(decode("[]").singleRejection().reason).isEqualTo("NOT_A_CLOUDEVENT");
    }

    @Test
    void malformedBatchRejectsTheWholeRecordOnce() {
        Decoded out = decode("[" + event("id", "a") + ", {oops}]");
        assertThat(out.singleRejection().reason).isEqualTo("MALFORMED_JSON");
        assertThat(out.singleRejection().batchIndex).isZero();
    }

    @Test
    void batchContentTypeWithSingleObjectIsOneEvent() {
        IngestRecord r = record(event()).header("content-type", utf8(CloudEventDecoder.BATCH_CONTENT_TYPE));
        assertThat(decode(r).events).hasSize(1);
    }

    // ------------------------------------------------------------ binary mode

    static IngestRecord binary(String data, String... headers) {
        IngestRecord r = record(data);
        r.header("ce_specversion", utf8("1.0"))
                .header("ce_id", utf8("b-1"))
                .header("ce_source", utf8("/bin"))
                .header("ce_type", utf8("api.request"))
                .header("ce_subject", utf8("customer-2"));
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1] == null ? null : utf8(headers[i + 1]));
        }
        return r;
    }

    @Test
    void binaryModeReadsHeaders() {
        UsageEvent e = decode(binary("{\"tokens\":3}", "ce_time", "2024-05-01T11:00:00Z",
                "content-type", "application/json")).single();
        assertThat(e.id()).isEqualTo("b-1");
        assertThat(e.source()).isEqualTo("/bin");
        assertThat(e.subject()).isEqualTo("customer-2");
        assertThat(e.timeMillis()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z").toEpochMilli());
        assertThat(e.data().get("tokens").intValue()).isEqualTo(3);
    }

    @Test
    void binaryModeWithoutContentTypeParsesJson() {
        assertThat(decode(binary("{\"a\":1}")).single().data().isObject()).isTrue();
        assertThat(decode(binary("{\"a\":1")).singleRejection().reason).isEqualTo("MALFORMED_JSON");
        assertThat(decode(binary(null)).single().data()).isNull();
        assertThat(decode(binary("")).single().data()).isNull();
    }

    @Test
    void binaryModeNonJsonDataIsBinary() {
        JsonNode data = decode(binary("hello", "content-type", "text/plain")).single().data();
        assertThat(data.isBinary()).isTrue();
    }

    @Test
    void binaryModeLaterHeaderWins() {
        assertThat(decode(binary("{}", "ce_id", "b-2")).single().id()).isEqualTo("b-2");
        assertThat(decode(binary("{}", "ce_subject", null)).singleRejection().reason).isEqualTo("MISSING_ATTRIBUTE");
    }

    @Test
    void binaryModeRules() {
        assertThat(decode(binary("{}", "ce_specversion", "0.3")).singleRejection().reason)
                .isEqualTo("UNSUPPORTED_SPECVERSION");
        assertThat(decode(binary("{}", "ce_time", "now")).singleRejection().reason).isEqualTo("BAD_TIME");
        assertThat(decode(binary("{}", "ce_source", "")).singleRejection().reason).isEqualTo("MISSING_ATTRIBUTE");
        RejectedEvent r = decode(binary("{}", "ce_time", "2030-01-01T00:00:00Z")).singleRejection();
        assertThat(r.reason).isEqualTo("FUTURE_TIME");
        assertThat(r.eventId).isEqualTo("b-1");
        assertThat(r.eventSource).isEqualTo("/bin");
    }

    @Test
    void binaryModeInvalidUtf8HeaderIsBadHeaders() {
        IngestRecord r = binary("{}");
        r.header("ce_subject", new byte[] {(byte) 0xff, (byte) 0xfe});
        assertThat(decode(r).singleRejection().reason).isEqualTo("BAD_HEADERS");
        IngestRecord ct = binary("{}");
        ct.header("content-type", new byte[] {(byte) 0xc3});
        assertThat(decode(ct).singleRejection().reason).isEqualTo("BAD_HEADERS");
    }

    @Test
    void structuredContentTypeWinsOverCeHeaders() {
        IngestRecord r = binary(event("id", "s-1"), "content-type", "application/cloudevents+json; charset=UTF-8");
        assertThat(decode(r).single().id()).isEqualTo("s-1");
    }

    // ------------------------------------------------------------ rejection contents

    @Test
    void rejectionFillsEveryField() throws Exception {
        String json = event("time", "bad");
        IngestRecord rec = record(json)
                .header("content-type", utf8("application/cloudevents+json"))
                .header("trace", new byte[] {'a', (byte) 0xff, 'b'})
                .header("nothing", null)
                .header("Authorization", utf8("Bearer hunter2"));
        RejectedEvent r = decode(rec).singleRejection();
        assertThat(r.topic).isEqualTo("events");
        assertThat(r.partition).isEqualTo(3);
        assertThat(r.offset).isEqualTo(42L);
        assertThat(r.batchIndex).isZero();
        assertThat(r.meter).isNull();
        assertThat(r.reason).isEqualTo("BAD_TIME");
        assertThat(r.reasonCode()).isEqualTo(RejectionReason.BAD_TIME);
        assertThat(r.detail).contains("time").contains("\"bad\"");
        assertThat(r.kafkaTimestamp).isEqualTo(KAFKA_TS);
        assertThat(r.payload).isEqualTo(utf8(json));
        assertThat(r.payloadSize).isEqualTo(utf8(json).length);
        assertThat(r.eventId).isEqualTo("e-1");
        assertThat(r.eventSource).isEqualTo("/svc");
        JsonNode headers = JSON.readTree(r.headersJson);
        assertThat(headers.get("content-type").textValue()).isEqualTo("application/cloudevents+json");
        assertThat(headers.get("trace").textValue()).isEqualTo("a\uFFFDb");
        assertThat(headers.get("nothing").isNull()).isTrue();
        assertThat(headers.get("Authorization").textValue()).isEqualTo("***");
        assertThat(r.headersJson).doesNotContain("hunter2");
    }

    @Test
    void payloadIsCutToTheLimit() {
        CloudEventDecoder d = new CloudEventDecoder(Decoded.settings().withRejectedPayloadLimit(10));
        String json = event("id", REMOVE);
        RejectedEvent r = Decoded.decode(d, record(json)).singleRejection();
        assertThat(r.payload).isEqualTo(Arrays.copyOf(utf8(json), 10));
        assertThat(r.payloadSize).isEqualTo(utf8(json).length);
    }

    @Test
    void noHeadersGiveEmptyObject() {
        assertThat(decode("1").singleRejection().headersJson).isEqualTo("{}");
    }

    // ------------------------------------------------------------ operator concerns

    @Test
    void isSerializableAndWorksAfterwards() throws Exception {
        CloudEventDecoder d = Decoded.decoder();
        d.decode(record(event()), new Decoded()); // mapper initialised before shipping
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(d);
        }
        CloudEventDecoder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CloudEventDecoder) in.readObject();
        }
        assertThat(Decoded.decode(copy, record(event())).events).hasSize(1);
        assertThat(copy.settings().maxBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void theMapperIsBuiltBeforeTheFirstRecordAndAgainOnDeserialization() throws Exception {
        // Built eagerly so that no branch of the per-record path is taken only by a new instance.
        CloudEventDecoder d = Decoded.decoder();
        assertThat(d.mapper()).isNotNull();
        assertThat(d.withDataPaths(DataPaths.none()).mapper()).isSameAs(d.mapper());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(d);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((CloudEventDecoder) in.readObject()).mapper()).isNotNull().isNotSameAs(d.mapper());
        }
    }

    @Test
    void deepNestingDecodesOnANewThread() throws Exception {
        // A new thread's name stack (data skipped and validated, not kept), grown past its first slots.
        String nested = "{\"a\":[".repeat(20) + "{\"b\":1,\"c\":2}" + "]}".repeat(20);
        String json = event("data", REMOVE).replace("}", ",\"data\":" + nested + "}");
        CloudEventDecoder skipping = Decoded.decoder().withDataPaths(DataPaths.none());
        Decoded[] out = new Decoded[2];
        Thread t = new Thread(() -> {
            out[0] = Decoded.decode(skipping, record(json));
            out[1] = Decoded.decode(skipping, record(json.replace("\"c\":2", "\"b\":2")));
        });
        t.start();
        t.join();
        assertThat(out[0].events).hasSize(1);
        assertThat(out[1].singleRejection().detail).contains("Duplicate field 'b'"); // found deep down
    }

    @Test
    void exceptionsFromTheOutputPropagate() {
        CloudEventDecoder.Output failing = new CloudEventDecoder.Output() {
            @Override
            public void event(UsageEvent e) {
                throw new IllegalStateException("downstream");
            }

            @Override
            public void rejected(RejectedEvent r) {}
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decoded.decoder().decode(record(event()), failing))
                .hasMessage("downstream");
    }

    @Test
    void rfc3339Parser() {
        assertThat(Rfc3339.parseMillis("1970-01-01T00:00:00.001Z")).isEqualTo(1L);
        assertThat(Rfc3339.parseMillis("1970-01-01T01:00:00+01:00")).isZero();
    }
}
