package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.SourceStart;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The job graphs a cluster replay compares: the live one and the replayed one differ in the source only. */
class SavepointOperatorsTest {
    private static final MeterflowConfig CONFIG = MeterflowConfig.parse(String.join("\n",
            "kafka: { bootstrapServers: '127.0.0.1:1', topic: events, groupId: g }",
            "postgres: { url: 'jdbc:postgresql://127.0.0.1:1/x', user: u, password: p }",
            "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", ""), Map.of());

    @Test
    void aReplayedGraphKeepsEveryOperatorButTheSource() {
        Set<String> live = SavepointOperators.ofGraph(CONFIG, new JobOptions(1, new SourceStart.Committed()));
        Set<String> replay = SavepointOperators.ofGraph(CONFIG,
                new JobOptions(1, new SourceStart.FromTime("r1", Instant.parse("2026-12-01T00:00:00Z"))));
        Set<String> resumed = SavepointOperators.ofGraph(CONFIG, new JobOptions(1, new SourceStart.ResumeReplay("r1")));
        assertThat(replay).as("a replay's graph is the same whether it rewinds or resumes").isEqualTo(resumed);

        Set<String> dropped = new HashSet<>(live);
        dropped.removeAll(replay);
        Set<String> added = new HashSet<>(replay);
        added.removeAll(live);
        assertThat(dropped).as("the live source's operator").hasSize(1);
        assertThat(added).as("the replayed source's operator").hasSize(1);
        assertThat(live.size()).as("dedupe, usage sink and its committer stay").isGreaterThanOrEqualTo(4);
    }
}
