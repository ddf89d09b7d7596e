package io.meterflow.it.oracle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.event.CloudEventWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random stream of usage as production sends it: several event types and subjects,
 * structured and binary mode, decimals, ~20 % redeliveries, out-of-order times, a tail of events
 * days late, events no meter wants, and invalid records mixed in.
 */
public final class UsageStreamGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODELS = {"gpt-5", "claude-4", "llama-4"};
    private static final String[] REGIONS = {"eu", "us"};
    private static final String[] ROUTES = {"/v1/chat", "/v1/embed", "/v1/files"};

    private final Random random;
    private final long now;
    private final int subjects;

    public UsageStreamGenerator(long seed, Instant now, int subjects) {
        this.random = new Random(seed);
        this.now = now.toEpochMilli();
        this.subjects = subjects;
    }

    /** {@code count} first deliveries plus redeliveries, late tail and invalid records, in publish order. */
    public List<GeneratedEvent> generate(int count) {
        List<GeneratedEvent> out = new ArrayList<>();
        List<GeneratedEvent> valid = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean lateTail = i >= count * 9 / 10;
            // Most events: the last 6 hours, shuffled. The tail: 2 to 5 days old, after the watermark moved on.
            long time = lateTail
                    ? now - 2 * 86_400_000L - (long) (random.nextDouble() * 3 * 86_400_000L)
                    : now - (long) (random.nextDouble() * 6 * 3_600_000L);
            GeneratedEvent e = randomEvent("evt-" + i, time);
            out.add(e);
            valid.add(e);
            if (random.nextInt(100) < 20) {
                out.add(valid.get(random.nextInt(valid.size()))); // a producer retry, maybe much later
            }
            if (random.nextInt(100) < 3) {
                out.add(invalid(i));
            }
        }
        return out;
    }

    private GeneratedEvent randomEvent(String id, long time) {
        String subject = "customer-" + (1 + random.nextInt(subjects));
        String source = "//gateway/" + (1 + random.nextInt(3));
        Map<String, Object> data = new LinkedHashMap<>();
        String type;
        int kind = random.nextInt(100);
        if (kind < 45) {
            type = "llm.completion";
            data.put("model", MODELS[random.nextInt(MODELS.length)]);
            if (random.nextInt(10) > 0) {
                data.put("region", REGIONS[random.nextInt(REGIONS.length)]); // sometimes absent: null group
            }
            if (random.nextInt(50) > 0) { // 2 %: no tokens → rejected by llm_tokens only
                Map<String, Object> usage = new LinkedHashMap<>();
                usage.put("total_tokens", random.nextInt(5) == 0 ? String.valueOf(random.nextInt(4000)) : random.nextInt(4000));
                data.put("usage", usage);
            }
        } else if (kind < 85) {
            type = "api.request";
            data.put("route", ROUTES[random.nextInt(ROUTES.length)]);
            data.put("user", "user-" + random.nextInt(40));
            // Exact decimals: three fractional digits, the case binary floating point gets wrong.
            data.put("latency_ms", new java.math.BigDecimal(random.nextInt(500_000)).movePointLeft(3));
        } else if (kind < 95) {
            type = "storage.snapshot";
            data.put("bytes", random.nextInt(10) == 0 ? "1e3" : String.valueOf(random.nextLong() & 0xffffffffffL));
        } else {
            type = "unmetered.event";
            data.put("anything", random.nextInt());
        }
        boolean binary = random.nextInt(100) < 30;
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] value;
        String iso = Instant.ofEpochMilli(time).toString();
        if (binary) {
            headers.putAll(CloudEventWriter.binaryHeaders(id, source, type, subject, iso));
            value = json(data);
        } else {
            headers.put("content-type", CloudEventWriter.STRUCTURED_CONTENT_TYPE);
            value = CloudEventWriter.structured(id, source, type, subject, iso, new String(json(data), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        }
        return new GeneratedEvent(subject, value, headers, true, source, id, type, time, data, List.of(binary ? "binary" : "structured"));
    }

    private GeneratedEvent invalid(int i) {
        String subject = "customer-" + (1 + random.nextInt(subjects));
        String text;
        switch (random.nextInt(4)) {
            case 0:
                text = "{\"specversion\":\"1.0\",\"id\":\"bad-" + i + "\",\"source\":\"x\""; // truncated
                break;
            case 1:
                text = "{\"specversion\":\"1.0\",\"id\":\"bad-" + i + "\",\"source\":\"x\",\"type\":\"api.request\"}"; // no subject
                break;
            case 2:
                text = "{\"specversion\":\"0.3\",\"id\":\"bad-" + i + "\",\"source\":\"x\",\"type\":\"api.request\",\"subject\":\"s\"}";
                break;
            default:
                text = "not json at all " + i;
                break;
        }
        return new GeneratedEvent(subject, text.getBytes(StandardCharsets.UTF_8), Map.of(), false,
                null, null, null, 0, Map.of(), List.of("invalid"));
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
