package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArgumentsTest {
    private static final String YAML = String.join("\n",
            "kafka:",
            "  bootstrapServers: 127.0.0.1:9092",
            "  topic: events",
            "postgres:",
            "  url: jdbc:postgresql://127.0.0.1:5432/meterflow",
            "meters:",
            "  - slug: api_requests",
            "    eventType: api.request",
            "    aggregation: COUNT",
            "");

    private static JobOptions options(String... args) {
        return JobArguments.parse(args).options();
    }

    private static void refused(String message, String... args) {
        assertThatThrownBy(() -> JobArguments.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("usage: meterflow-job");
    }

    @Test
    void theConfigComesAsAFileOrInlineAsBase64(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("meterflow.yaml"), YAML);
        assertThat(JobArguments.parse(new String[] {"--config", file.toString()}).config().kafka().topic())
                .isEqualTo("events");
        String base64 = Base64.getEncoder().encodeToString(YAML.getBytes(StandardCharsets.UTF_8));
        assertThat(JobArguments.parse(new String[] {"--config-base64", base64}).config().kafka().topic())
                .isEqualTo("events");
    }

    @Test
    void withoutReplayArgumentsTheLiveSourceResumes() {
        assertThat(options("--config", "f.yaml")).isEqualTo(JobOptions.live());
        assertThat(options("--config", "f.yaml", "--generation", "3")).isEqualTo(new JobOptions(3, new SourceStart.Committed()));
    }

    @Test
    void replayArgumentsBecomeOneStart() {
        assertThat(options("--config", "f", "--replay-id", "ab12").start()).isEqualTo(new SourceStart.ResumeReplay("ab12"));
        assertThat(options("--config", "f", "--replay-id", "ab12", "--replay-from", "2024-05-01T00:00:00Z").start())
                .isEqualTo(new SourceStart.FromTime("ab12", Instant.parse("2024-05-01T00:00:00Z")));
        SourceStart offsets = options("--config", "f", "--replay-id", "ab12", "--replay-offsets", "0:120, 1:98").start();
        assertThat(offsets).isEqualTo(new SourceStart.FromOffsets("ab12", Map.of(0, 120L, 1, 98L)));
        assertThat(offsets.rewinds()).isTrue();
        assertThat(new SourceStart.ResumeReplay("ab12").rewinds()).isFalse();
    }

    @Test
    void badArgumentsAreClearErrors() {
        refused("exactly one of --config FILE or --config-base64");
        refused("exactly one of --config FILE or --config-base64", "--config", "f", "--config-base64", "eQ==");
        refused("--config-base64 is not valid base64", "--config-base64", "not base64!");
        refused("--config needs a value", "--config");
        refused("unknown argument --replay-start", "--config", "f", "--replay-start", "x");
        refused("--generation must be a whole number, not 'two'", "--config", "f", "--generation", "two");
        refused("--generation must be >= 1", "--config", "f", "--generation", "-1");
        refused("--replay-from must be an RFC 3339 time", "--config", "f", "--replay-id", "r", "--replay-from", "yesterday");
        refused("at most one of --replay-from and --replay-offsets", "--config", "f", "--replay-id", "r",
                "--replay-from", "2024-05-01T00:00:00Z", "--replay-offsets", "0:1");
        refused("--replay-from needs --replay-id", "--config", "f", "--replay-from", "2024-05-01T00:00:00Z");
        refused("--replay-offsets needs --replay-id", "--config", "f", "--replay-offsets", "0:1");
        refused("replay id 'a b'", "--config", "f", "--replay-id", "a b");
    }

    @Test
    void badOffsetsAreClearErrors() {
        refused("bad partition:offset '0=1'", "--config", "f", "--replay-id", "r", "--replay-offsets", "0=1");
        refused("bad partition:offset 'x:1' in --replay-offsets: both must be numbers",
                "--config", "f", "--replay-id", "r", "--replay-offsets", "0:1,x:1");
        refused("partition 0 is listed twice", "--config", "f", "--replay-id", "r", "--replay-offsets", "0:1,0:2");
        refused("bad replay position 0:-5", "--config", "f", "--replay-id", "r", "--replay-offsets", "0:-5");
    }
}
