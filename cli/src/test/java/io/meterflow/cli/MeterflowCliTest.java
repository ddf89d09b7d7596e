package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MeterflowCliTest {

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeterflowCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Map<String, String[]> commandOptions() {
        return Map.of(
                "demo", new String[] {"--duration", "--no-ui", "--work-dir"},
                "run", new String[] {"--config", "--from-checkpoint"},
                "submit", new String[] {"--config", "--flink", "--savepoint", "--allow-inline-secrets"},
                "stop", new String[] {"--flink", "--job"},
                "replay", new String[] {"--config", "--from"},
                "rebuild", new String[] {"--config", "--drop-generation"},
                "query", new String[] {"--config", "--meter", "--from", "--to", "--window", "--tz", "--subject",
                        "--group-by", "--format"},
                "publish", new String[] {"--config", "FILE.jsonl", "--dry-run"},
                "migrate", new String[] {"--config", "--user", "--password-env", "--password-file"},
                "limits", new String[] {"set", "list", "delete", "reset"});
    }

    static Iterable<String> commands() {
        return commandOptions().keySet();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelpNamingItsOptions(String command) {
        Result r = run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: meterflow " + command).contains(commandOptions().get(command));
        assertThat(r.err()).isEmpty();
    }

    /** Every command reading a config takes it the same way: -c/--config FILE from one mixin. */
    @Test
    void everyConfigOptionComesFromTheMixin() {
        java.util.Set<String> withConfig = new java.util.TreeSet<>();
        java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>(
                new picocli.CommandLine(new MeterflowCli()).getSubcommands().values());
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            var spec = c.getCommandSpec();
            var option = spec.findOption("--config");
            if (option == null) {
                option = spec.findOption("-c");
            }
            if (option == null) {
                continue;
            }
            withConfig.add(spec.qualifiedName());
            // The HTTP API's commands (serve, api-key) live below the CLI and declare the same option.
            if (spec.userObject().getClass().getPackageName().equals("io.meterflow.cli")) {
                assertThat(spec.mixins().values()).as(spec.qualifiedName())
                        .anyMatch(m -> m.userObject() instanceof ConfigFileOption);
            }
            assertThat(option.names()).as(spec.qualifiedName()).containsExactly("-c", "--config");
            assertThat(option.required()).isTrue();
            assertThat(option.paramLabel()).isEqualTo("FILE");
            assertThat(option.description()).containsExactly("meterflow YAML config.");
        }
        assertThat(withConfig).contains("meterflow run", "meterflow submit", "meterflow replay", "meterflow rebuild",
                "meterflow query", "meterflow publish", "meterflow migrate", "meterflow serve", "meterflow api-key create");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo", "run", "submit", "stop", "replay", "rebuild", "query", "publish");
    }

    @Test
    void noCommandIsAUsageError() {
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a command is required");
    }

    @Test
    void unknownOptionIsOneLinePlusAHint() {
        Result r = run("demo", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().count()).isLessThanOrEqualTo(2);
        assertThat(r.err()).contains("--bogus").contains("meterflow demo --help");
    }

    @Test
    void badConfigIsOneLineNamingEveryProblemAndExitsNonZero(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, String.join("\n",
                "kafka:",
                "  bootstrapServers: 127.0.0.1:9",
                "  topic: events",
                "postgres:",
                "  url: jdbc:postgresql://127.0.0.1:9/x",
                "  password: hunter2",
                "meters:",
                "  - slug: Bad-Slug",
                "    eventType: x",
                "    aggregation: COUNT",
                "    valueProperty: $.v",
                ""));
        Result r = run("run", "--config", config.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("meterflow: invalid configuration").contains("Bad-Slug").contains("valueProperty")
                .doesNotContain("hunter2").doesNotContain("at io.meterflow");
    }

    @Test
    void missingConfigFileIsOneLine(@TempDir Path dir) {
        Result r = run("query", "-c", dir.resolve("nope.yaml").toString(), "--meter", "m", "--from", "now-1h", "--to", "now");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void unreachablePostgresIsOneLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, validConfig("127.0.0.1:1", "jdbc:postgresql://127.0.0.1:1/meterflow"));
        Result r = run("query", "-c", config.toString(), "--meter", "api_requests", "--from", "now-1h", "--to", "now");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).startsWith("meterflow: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/meterflow");
    }

    @Test
    void submitRefusesALiteralPasswordBeforeContactingFlink(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, validConfig("127.0.0.1:1", "jdbc:postgresql://127.0.0.1:1/meterflow"));
        Result r = run("submit", "-c", config.toString(), "--flink", "http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("postgres.password").contains("passwordEnv").doesNotContain("s3cret");
    }

    @Test
    void unreachableFlinkIsOneLine(@TempDir Path dir) throws Exception {
        Result r = run("stop", "--flink", "http://127.0.0.1:1", "--job", "00000000000000000000000000000000");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach Flink at http://127.0.0.1:1");
    }

    static String validConfig(String bootstrap, String url) {
        return String.join("\n",
                "kafka:",
                "  bootstrapServers: " + bootstrap,
                "  topic: events",
                "postgres:",
                "  url: " + url,
                "  user: meterflow",
                "  password: s3cret",
                "meters:",
                "  - slug: api_requests",
                "    eventType: api.request",
                "    aggregation: COUNT",
                "  - slug: llm_tokens",
                "    eventType: llm.completion",
                "    aggregation: SUM",
                "    valueProperty: $.usage.total_tokens",
                "    groupBy: { model: $.model }",
                "");
    }
}
