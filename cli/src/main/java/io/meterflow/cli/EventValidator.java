package io.meterflow.cli;

import io.meterflow.aggregate.UsageRecord;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.UsageEvent;
import io.meterflow.meter.MeterCatalog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges one line of a CloudEvents JSONL file exactly as the job would judge the Kafka record
 * {@code publish} will produce from it: same decoder, same meters. Pure: unit-tested.
 */
final class EventValidator {

    /** The verdict on one line: valid (with the subject to key the record by) or the reasons it is not. */
    record Verdict(long lineNumber, boolean valid, String subject, boolean unmatched, List<String> problems) {}

    private final CloudEventDecoder decoder;
    private final MeterCatalog meters;
    private final String topic;

    EventValidator(CloudEventDecoder decoder, MeterCatalog meters, String topic) {
        this.decoder = decoder.withDataPaths(meters.dataPaths()); // as the job reads events
        this.meters = meters;
        this.topic = topic;
    }

    /** The Kafka record a line becomes: structured mode, value = the line's bytes. */
    static IngestRecord record(String topic, long lineNumber, byte[] value, long timestampMillis) {
        IngestRecord r = new IngestRecord(topic, 0, lineNumber, timestampMillis, value);
        r.header("content-type", CloudEventDecoder.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    Verdict judge(long lineNumber, String line, long nowMillis) {
        List<String> problems = new ArrayList<>();
        List<UsageEvent> events = new ArrayList<>();
        decoder.decode(record(topic, lineNumber, line.getBytes(StandardCharsets.UTF_8), nowMillis), new CloudEventDecoder.Output() {
            @Override
            public void event(UsageEvent e) {
                events.add(e);
            }

            @Override
            public void rejected(RejectedEvent r) {
                problems.add(r.reason + ": " + r.detail);
            }
        });
        boolean[] matched = {false};
        for (UsageEvent e : events) {
            meters.meter(e, r -> {
                if (r.kind == UsageRecord.Kind.REJECTED && r.rejection != null) {
                    problems.add(r.rejection.reason + " for meter " + r.rejection.meter + ": " + r.rejection.detail);
                } else if (r.kind != UsageRecord.Kind.UNMATCHED) {
                    matched[0] = true;
                }
            });
        }
        String subject = events.isEmpty() ? null : events.get(0).subject();
        return new Verdict(lineNumber, problems.isEmpty(), subject, problems.isEmpty() && !matched[0], List.copyOf(problems));
    }
}
