package io.meterflow.cli;

import io.meterflow.event.CloudEventDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Validates CloudEvents (one JSON per line) with the job's own rules and produces the valid ones. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Validate CloudEvents (JSON lines) with the job's rules and produce the valid ones to the topic.",
            "",
            "Reads CloudEvents, one JSON object per line, validates each with the job's own decoder and meters,"
                    + " reports invalid lines (line number and reason) and produces the valid ones to the topic"
                    + " (structured mode, key = subject, acks=all, idempotent producer). Also for historical"
                    + " backfills: events keep their own time."
        })
final class PublishCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.jsonl", defaultValue = "-",
            description = "Events file, or - for stdin (default).")
    String input;

    @Option(names = "--dry-run", description = "Validate only; produce nothing.")
    boolean dryRun;

    @Option(names = "--skip-invalid",
            description = "Produce the valid lines even when some are invalid (default: produce nothing if any line is invalid).")
    boolean skipInvalid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigFile file = ConfigFile.load(config.path());
        var c = file.config();
        EventValidator validator = new EventValidator(new CloudEventDecoder(c.events().decoderSettings()),
                c.meterCatalog(), c.kafka().topic());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // Pass 1: validate everything, so a bad file publishes nothing (unless --skip-invalid).
        java.util.List<String> lines = readLines();
        java.util.List<EventValidator.Verdict> verdicts = new java.util.ArrayList<>();
        long invalid = 0;
        long unmatched = 0;
        long blank = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                blank++;
                verdicts.add(null);
                continue;
            }
            EventValidator.Verdict v = validator.judge(i + 1, line, now);
            verdicts.add(v);
            if (!v.valid()) {
                invalid++;
                err.println("line " + (i + 1) + ": " + String.join("; ", v.problems()));
            } else if (v.unmatched()) {
                unmatched++;
            }
        }
        long valid = lines.size() - blank - invalid;
        if (invalid > 0 && !skipInvalid && !dryRun) {
            err.flush();
            throw new CliException(invalid + " of " + (lines.size() - blank) + " events are invalid; nothing was published"
                    + " (fix them, or pass --skip-invalid to publish the " + valid + " valid ones)");
        }
        if (dryRun) {
            out.println("checked " + (lines.size() - blank) + " events: " + valid + " valid (" + unmatched
                    + " match no meter), " + invalid + " invalid; dry run, nothing published");
            out.flush();
            return invalid > 0 ? 1 : 0;
        }

        long sent = produce(c, lines, verdicts);
        out.println("published " + sent + " events to " + c.kafka().topic() + " on " + c.kafka().bootstrapServers()
                + (unmatched > 0 ? " (" + unmatched + " match no meter)" : "")
                + (invalid > 0 ? "; skipped " + invalid + " invalid" : ""));
        out.flush();
        return invalid > 0 ? 1 : 0;
    }

    private java.util.List<String> readLines() throws IOException {
        if ("-".equals(input)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                return r.lines().toList();
            }
        }
        try {
            return Files.readAllLines(Path.of(input), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("events file " + input + " does not exist");
        }
    }

    private long produce(io.meterflow.config.MeterflowConfig c, java.util.List<String> lines,
            java.util.List<EventValidator.Verdict> verdicts) throws InterruptedException {
        try (var admin = Services.kafkaAdmin(c)) {
            Services.requireTopic(admin, c);
        }
        Properties p = Services.kafkaProperties(c);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "meterflow-publish");
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            Future<RecordMetadata> lastSend = null;
            for (int i = 0; i < lines.size(); i++) {
                EventValidator.Verdict v = verdicts.get(i);
                if (v == null || !v.valid()) {
                    continue;
                }
                RecordHeaders h = new RecordHeaders();
                h.add("content-type", CloudEventDecoder.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                byte[] key = v.subject() == null ? null : v.subject().getBytes(StandardCharsets.UTF_8);
                lastSend = producer.send(new ProducerRecord<>(c.kafka().topic(), null, null, key,
                        lines.get(i).getBytes(StandardCharsets.UTF_8), h), (md, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acked.incrementAndGet();
                            }
                        });
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
            if (lastSend != null) {
                try {
                    lastSend.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failure.compareAndSet(null, e);
                }
            }
        } finally {
            // closing waits for in-flight sends
        }
        if (failure.get() != null) {
            throw new CliException("producing to " + c.kafka().topic() + " failed after " + acked.get() + " events: "
                    + Services.firstLine(ErrorMessages.rootCause(failure.get()).getMessage()), failure.get());
        }
        return acked.get();
    }

    static Duration timeout() {
        return Duration.ofSeconds(60);
    }
}
