package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.job.JobArguments;
import io.meterflow.job.JobOptions;
import io.meterflow.job.SourceStart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a cluster launcher submits is what the job JAR reads back: generation and source. */
class JobArgsTest {

    @Test
    void everyStartRoundTripsThroughTheJobArguments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meterflow.yaml");
        Files.writeString(file, String.join("\n",
                "kafka: { bootstrapServers: '127.0.0.1:1', topic: events }",
                "postgres: { url: 'jdbc:postgresql://127.0.0.1:1/x', user: u, password: p }",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", ""));
        ConfigFile config = ConfigFile.load(file);
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        offsets.put(0, 12L);
        offsets.put(3, 0L);
        for (JobOptions o : List.of(JobOptions.live(), new JobOptions(2, new SourceStart.Committed()),
                new JobOptions(1, new SourceStart.ResumeReplay("r1")),
                new JobOptions(1, new SourceStart.FromTime("r2", Instant.parse("2026-12-01T10:00:00Z"))),
                new JobOptions(3, new SourceStart.FromOffsets("r3", offsets)))) {
            JobArguments parsed = JobArguments.parse(SubmitCommand.jobArgs(config, o).toArray(new String[0]));
            assertThat(parsed.options()).as("%s", o).isEqualTo(o);
        }
    }
}
