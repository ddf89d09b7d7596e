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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        refused("'0=1' is not partition:offset", "--config", "f", "--replay-id", "r", "--replay-offsets", "0=1");
        refused("partition 'x' is not a whole number of 0 or more",
                "--config", "f", "--replay-id", "r", "--replay-offsets", "0:1,x:1");
        refused("partition 0 is listed twice", "--config", "f", "--replay-id", "r", "--replay-offsets", "0:1,0:2");
        refused("offset '-5' is not a whole number of 0 or more", "--config", "f", "--replay-id", "r", "--replay-offsets", "0:-5");
    }

    @Test
    void offsetsParseInOrder() {
        assertThat(JobArguments.parseOffsets("0:120,1:98")).containsExactly(Map.entry(0, 120L), Map.entry(1, 98L));
        assertThat(JobArguments.parseOffsets(" 3 : 0 , 1:9223372036854775807 "))
                .containsExactly(Map.entry(3, 0L), Map.entry(1, Long.MAX_VALUE));
        assertThat(JobArguments.parseOffsets(null)).isNull();
        assertThat(JobArguments.parseOffsets("  ")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0:120,         | an entry is empty",
            "0=120          | '0=120' is not partition:offset",
            "0:1:2          | '0:1:2' is not partition:offset",
            "a:1            | partition 'a' is not a whole number of 0 or more",
            "0:x            | offset 'x' is not a whole number of 0 or more",
            "0:-5           | offset '-5' is not a whole number of 0 or more",
            "-1:5           | partition '-1' is not a whole number of 0 or more",
            "0:1.5          | offset '1.5' is not a whole number of 0 or more",
            "0:١٢           | offset '١٢' is not a whole number of 0 or more",
            "2147483648:0   | partition 2147483648 is larger than 2147483647",
            "0:99999999999999999999 | offset 99999999999999999999 is larger than 9223372036854775807",
            "0:1,0:2        | partition 0 is listed twice"})
    void badOffsetsSayWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> JobArguments.parseOffsets(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad partition:offset list '" + text + "': " + why)
                .hasMessageEndingWith("(expected partition:offset[,partition:offset...], e.g. 0:120,1:98)");
    }
}
