package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.DataPaths;
import io.meterflow.event.DecoderSettings;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Judges one HTTP ingest body with the job's own {@link CloudEventDecoder}, so that the HTTP and
 * Kafka paths accept and reject exactly the same events. Free of HTTP and Kafka types.
 *
 * <p>Two passes of the same decoder: the body (one event or a batch) is split with the request's
 * size limit, then every event as it will be produced (one Kafka record each, {@code time} filled
 * with the ingest time when absent) is judged with the job's limits: what is produced is what the
 * job will accept. Per-meter problems are not judged here (the job records them).
 */
public final class IngestJudge {
    /** The content type every produced record carries (structured mode, one event). */
    public static final String RECORD_CONTENT_TYPE = CloudEventDecoder.STRUCTURED_CONTENT_TYPE;

    /** One event to produce: Kafka key (subject) and value. */
    public record Accepted(String subject, byte[] value) {}

    /** One event-level rejection: the index in the request (0 for a single event), reason code and detail. */
    public record Problem(int index, String reason, String detail) {}

    /** The outcome of one body: either accepted events (all of them) or problems (then nothing is produced). */
    public record Verdict(List<Accepted> accepted, List<Problem> problems, int events) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final CloudEventDecoder split;
    private final CloudEventDecoder job;
    private final ObjectMapper mapper;
    private final String topic;

    /**
     * @param jobSettings the job's decoder limits ({@code events:} section)
     * @param maxRequestBytes the largest body (a batch may be larger than one event's limit)
     */
    public IngestJudge(DecoderSettings jobSettings, int maxRequestBytes, String topic) {
        // Judging needs no data member: it is validated and skipped (meters judge data in the job).
        this.job = new CloudEventDecoder(jobSettings, DataPaths.none());
        this.split = new CloudEventDecoder(jobSettings.withMaxBytes(Math.max(maxRequestBytes, jobSettings.maxBytes())),
                DataPaths.none());
        this.mapper = job.mapper();
        this.topic = topic;
    }

    public Verdict judge(byte[] body, String mediaType, long ingestMillis) {
        IngestRecord whole = new IngestRecord(topic, -1, -1, ingestMillis, body)
                .header("content-type", mediaType.getBytes(StandardCharsets.UTF_8));
        List<UsageEvent> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        split.decode(whole, new CloudEventDecoder.Output() {
            @Override
            public void event(UsageEvent e) {
                events.add(e);
            }

            @Override
            public void rejected(RejectedEvent r) {
                problems.add(new Problem(r.batchIndex, r.reason, r.detail));
            }
        });
        int count = events.size() + problems.size();
        List<Accepted> accepted = new ArrayList<>(events.size());
        String ingestTime = null;
        for (UsageEvent e : events) {
            byte[] value = e.eventBytes();
            if (!hasTime(value)) {
                if (ingestTime == null) {
                    ingestTime = Instant.ofEpochMilli(ingestMillis).toString();
                }
                value = withTime(value, ingestTime);
            }
            Problem p = rejudge(value, ingestMillis, e.batchIndex(), accepted);
            if (p != null) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::index));
            return new Verdict(List.of(), problems, count);
        }
        return new Verdict(accepted, List.of(), count);
    }

    /** The event as the job will read it: exactly one event, or the job's own rejection of it. */
    private Problem rejudge(byte[] value, long ingestMillis, int index, List<Accepted> accepted) {
        IngestRecord record = new IngestRecord(topic, -1, -1, ingestMillis, value)
                .header("content-type", RECORD_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        Problem[] problem = new Problem[1];
        job.decode(record, new CloudEventDecoder.Output() {
            @Override
            public void event(UsageEvent e) {
                accepted.add(new Accepted(e.subject(), value));
            }

            @Override
            public void rejected(RejectedEvent r) {
                problem[0] = new Problem(index, r.reason, r.detail);
            }
        });
        return problem[0];
    }

    private boolean hasTime(byte[] event) {
        try {
            JsonNode t = mapper.readTree(event).get("time");
            return t != null && !t.isNull();
        } catch (java.io.IOException e) {
            return true; // cannot happen for bytes the decoder accepted; the re-judge decides
        }
    }

    private byte[] withTime(byte[] event, String time) {
        try {
            ObjectNode n = (ObjectNode) mapper.readTree(event);
            n.put("time", time);
            return mapper.writeValueAsBytes(n);
        } catch (java.io.IOException | ClassCastException e) {
            return event;
        }
    }
}
