package io.meterflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.meter.MeterDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeterflowConfigTest {
    static final String FULL = String.join("\n",
            "kafka:",
            "  bootstrapServers: 127.0.0.1:9092",
            "  topic: events",
            "  groupId: meterflow",
            "  startingOffsets: earliest",
            "  deadLetterTopic: events-rejected",
            "  watermarkOutOfOrderness: 2m",
            "  idleTimeout: 10s",
            "  properties:",
            "    security.protocol: SASL_SSL",
            "    sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required password=\"kafkapw\";",
            "    ssl.key.password: keypw",
            "postgres:",
            "  url: jdbc:postgresql://127.0.0.1:5432/meterflow",
            "  user: meterflow",
            "  password: s3cr3t-pg",
            "  fenceRetention: 14d",
            "  properties: { sslmode: require, sslpassword: sslpw }",
            "checkpoint:",
            "  interval: 5s",
            "  dir: file:///var/lib/meterflow/checkpoints",
            "dedupe:",
            "  ttl: 35d",
            "events:",
            "  maxFutureSkew: 5m",
            "  maxBytes: 1MiB",
            "  rejectedPayloadLimit: 512KiB",
            "job:",
            "  parallelism: 4",
            "meters:",
            "  - slug: llm_tokens",
            "    eventType: llm.completion",
            "    aggregation: SUM",
            "    valueProperty: $.usage.total_tokens",
            "    groupBy: { model: $.model, region: $.region }",
            "    windowSize: MINUTE",
            "  - slug: api_requests",
            "    eventType: api.request",
            "    aggregation: COUNT",
            "    description: every API call",
            "");

    static final String MINIMAL = String.join("\n",
            "kafka: { bootstrapServers: 'k:9092', topic: events }",
            "postgres: { url: 'jdbc:postgresql://db/m' }",
            "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", "");

    static final String[] SECRETS = {"s3cr3t-pg", "kafkapw", "keypw", "sslpw", "envpw"};

    @Test
    void fullFileIsLoaded() {
        MeterflowConfig c = MeterflowConfig.parse(FULL, Map.of());
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafka().topic()).isEqualTo("events");
        assertThat(c.kafka().groupId()).isEqualTo("meterflow");
        assertThat(c.kafka().startingOffsets()).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(c.kafka().deadLetterTopic()).contains("events-rejected");
        assertThat(c.kafka().watermarkOutOfOrderness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.kafka().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.kafka().properties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.key.password", "keypw");
        assertThat(c.postgres().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/meterflow");
        assertThat(c.postgres().user()).isEqualTo("meterflow");
        assertThat(c.postgres().password().reveal()).isEqualTo("s3cr3t-pg");
        assertThat(c.postgres().fenceRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(c.postgres().jdbcProperties()).containsEntry("password", "s3cr3t-pg").containsEntry("sslmode", "require");
        assertThat(c.checkpoint().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpoint().dir()).isEqualTo("file:///var/lib/meterflow/checkpoints");
        assertThat(c.dedupe().ttl()).isEqualTo(Duration.ofDays(35));
        assertThat(c.events().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.events().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(c.events().rejectedPayloadLimit()).isEqualTo(512 * 1024);
        assertThat(c.events().decoderSettings().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(c.job().parallelism()).hasValue(4);
        assertThat(c.meters()).hasSize(2);
        MeterDefinition llm = c.meters().get(0);
        assertThat(llm.slug()).isEqualTo("llm_tokens");
        assertThat(llm.aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(llm.valueProperty().text()).isEqualTo("$.usage.total_tokens");
        assertThat(llm.groupBy().keySet()).containsExactly("model", "region");
        assertThat(c.meters().get(1).aggregation()).isEqualTo(Aggregation.COUNT);
        assertThat(c.meterCatalog().matching("api.request")).hasSize(1);
    }

    @Test
    void defaults() {
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL, Map.of());
        assertThat(c.kafka().groupId()).isEqualTo("meterflow");
        assertThat(c.kafka().startingOffsets()).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(c.kafka().deadLetterTopic()).isEmpty();
        assertThat(c.job().parallelism()).isEmpty();
        assertThat(c.dedupe().ttl()).isEqualTo(Duration.ofDays(35));
        assertThat(c.kafka().watermarkOutOfOrderness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.kafka().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.postgres().password()).isNull();
        assertThat(c.postgres().fenceRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.checkpoint().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.checkpoint().dir()).isNull();
        assertThat(c.events().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.events().maxBytes()).isEqualTo(1024 * 1024);
        assertThat(c.events().rejectedPayloadLimit()).isEqualTo(64 * 1024);
        assertThat(c.meters().get(0).windowSize()).isEqualTo(WindowSize.MINUTE);
    }

    @Test
    void badFileListsEveryProblemNamingMeterAndField() {
        String bad = String.join("\n",
                "kafka:",
                "  bootstrapServer: k:9092",                 // typo
                "  topic: events",
                "  startingOffsets: yesterday",
                "  deadLetterTopic: events",
                "postgres:",
                "  url: mysql://db",
                "  password: s3cr3t-pg",
                "  passwordEnv: PGPW",
                "checkpoint: { interval: 5 }",
                "events: { maxBytes: 1MB, maxFutureSkew: -5m }",
                "job: { parallelism: 0 }",
                "meters:",
                "  - slug: llm_tokens",
                "    eventType: llm.completion",
                "    aggregation: SUMM",
                "    valueProperty: $.usage.total_tokens",
                "    groupBy: { 1model: $.model, region: region }",
                "    windowSize: WEEK",
                "  - slug: api_requests",
                "    eventType: api.request",
                "    aggregation: COUNT",
                "    valueProperty: $.x",
                "  - slug: Bad-Slug",
                "    aggregation: MAX",
                "    valueProprety: $.x",
                "  - slug: llm_tokens",
                "    eventType: x",
                "    aggregation: COUNT",
                "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(bad, Map.of()));
        assertThat(e.problems()).contains(
                "kafka.bootstrapServer: unknown key (did you mean bootstrapServers?); allowed: bootstrapServers, topic, "
                        + "groupId, startingOffsets, deadLetterTopic, watermarkOutOfOrderness, idleTimeout, properties",
                "kafka.bootstrapServers: is required",
                "kafka.deadLetterTopic: must differ from kafka.topic (rejects would be read again)",
                "postgres.password: set either password or passwordEnv, not both",
                "job.parallelism: must be a whole number of at least 1",
                "meters[0] (llm_tokens).aggregation: must be one of SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST INCREASE TIME_WEIGHTED, got 'SUMM'",
                "meters[0] (llm_tokens).windowSize: must be one of MINUTE HOUR DAY, got 'WEEK'",
                "meters[1] (api_requests).valueProperty: must not be set for COUNT",
                "meters[2] (Bad-Slug).eventType: is required",
                "meters[2] (Bad-Slug).valueProperty: is required for MAX",
                "meters[3] (llm_tokens).slug: duplicate of meters[0]");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("kafka.startingOffsets: must be earliest, latest or an RFC 3339"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("postgres.url: must start with jdbc:postgresql:"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("checkpoint.interval: must be a duration"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("events.maxBytes: must be a size"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("events.maxFutureSkew: must be a duration"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("meters[0] (llm_tokens).groupBy.1model: name must match"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("meters[0] (llm_tokens).groupBy.region: must start with $"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("meters[2] (Bad-Slug).slug: must match"));
        assertThat(e.problems()).anyMatch(p -> p.startsWith("meters[2] (Bad-Slug).valueProprety: unknown key (did you mean valueProperty?)"));
        assertThat(e.getMessage()).contains("(" + e.problems().size() + " problems)");
        for (String p : e.problems()) {
            assertThat(e.getMessage()).contains(p);
        }
        assertNoSecrets(e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "5s,PT5S", "10m,PT10M", "2h,PT2H", "35d,PT840H", "PT5S,PT5S", "P2D,PT48H", "pt1m,PT1M"})
    void durations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @Test
    void badDurations() {
        for (String s : new String[] {"5", "5 sec", "m", "-5s", "PT", "1w", ""}) {
            assertThatThrownBy(() -> Durations.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Durations.format(Duration.ofDays(35))).isEqualTo("35d");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void sizes() {
        assertThat(Sizes.parse("1MiB")).isEqualTo(1024 * 1024);
        assertThat(Sizes.parse("512KiB")).isEqualTo(512 * 1024);
        assertThat(Sizes.parse("1GiB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Sizes.parse("1000")).isEqualTo(1000);
        assertThat(Sizes.parse("100B")).isEqualTo(100);
        for (String s : new String[] {"1MB", "1 mb", "-1", "x", "1.5MiB"}) {
            assertThatThrownBy(() -> Sizes.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
        }
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL + "events: { maxBytes: 2048 }\n", Map.of());
        assertThat(c.events().maxBytes()).isEqualTo(2048);
    }

    @Test
    void startingOffsets() {
        assertThat(StartingOffsets.parse("latest")).isEqualTo(StartingOffsets.LATEST);
        StartingOffsets t = StartingOffsets.parse("2024-05-01T00:00:00+02:00");
        assertThat(t.kind()).isEqualTo(StartingOffsets.Kind.TIMESTAMP);
        assertThat(t.timestampMillis()).isEqualTo(Instant.parse("2024-04-30T22:00:00Z").toEpochMilli());
        MeterflowConfig c = MeterflowConfig.parse(
                MINIMAL.replace("topic: events", "topic: events, startingOffsets: '2024-05-01T00:00:00Z'"), Map.of());
        assertThat(c.kafka().startingOffsets().kind()).isEqualTo(StartingOffsets.Kind.TIMESTAMP);
    }

    @Test
    void postgresTimeoutsHaveDefaultsAndAreConfigurable() {
        assertThat(MeterflowConfig.parse(MINIMAL, Map.of()).postgres().timeouts()).isEqualTo(PostgresTimeouts.DEFAULTS);
        assertThat(PostgresTimeouts.DEFAULTS).isEqualTo(new PostgresTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(3),
                Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofMinutes(2), true));
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', connectTimeout: 2s, socketTimeout: 5s, statementTimeout: 4s,"
                        + " lockTimeout: 1s, idleInTransactionTimeout: 3s, tcpKeepAlive: false"), Map.of());
        PostgresTimeouts t = c.postgres().timeouts();
        assertThat(t).isEqualTo(new PostgresTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofSeconds(1), Duration.ofSeconds(3), false));
        assertThat(c.postgres().connectionSettings().timeouts()).isEqualTo(t);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("options", "-c search_path=meterflow");
        t.applyTo(p);
        assertThat(p).containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2")
                .containsEntry("socketTimeout", "5").containsEntry("tcpKeepAlive", "false")
                .containsEntry("options", "-c search_path=meterflow -c statement_timeout=4000 -c lock_timeout=1000"
                        + " -c idle_in_transaction_session_timeout=3000");
        assertThat(c.redacted().toString()).contains("socketTimeout=5s", "statementTimeout=4s", "tcpKeepAlive=false");
        // zero disables a limit
        assertThat(MeterflowConfig.parse(MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', socketTimeout: 0s, statementTimeout: 0s"), Map.of()).postgres().timeouts().socket())
                .isZero();
    }

    @Test
    void badPostgresTimeoutsAreReported() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(MINIMAL.replace(
                "url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', connectTimeout: 0s, socketTimeout: 1m, statementTimeout: 2m,"
                        + " lockTimeout: -1s, tcpKeepAlive: sometimes, properties: { socketTimeout: 9, loginTimeout: 3 }"),
                Map.of()));
        assertThat(e.problems()).contains(
                "postgres.connectTimeout: must be greater than zero",
                "postgres.socketTimeout: must be longer than postgres.statementTimeout (2m), or 0 for none",
                "postgres.tcpKeepAlive: must be true or false, got 'sometimes'",
                "postgres.properties.socketTimeout: set postgres.socketTimeout instead",
                "postgres.properties.loginTimeout: set postgres.connectTimeout instead");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("postgres.lockTimeout: "));
    }

    @Test
    void passwordFromAFileOrTheEnvironmentIsReferencedNotShipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pg-password");
        Files.writeString(file, "filepw\n");
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', passwordFile: '" + file + "'"), Map.of());
        assertThat(c.postgres().password().reveal()).isEqualTo("filepw");
        assertThat(c.postgres().passwordFile()).isEqualTo(file.toString());
        assertThat(c.postgres().passwordSource()).isEqualTo(io.meterflow.config.PostgresPassword.fromFile(file.toString()));
        assertThat(c.redacted().toString()).contains("passwordFile=" + file).doesNotContain("filepw");
        MeterflowConfig e = MeterflowConfig.parse(MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', passwordEnv: PGPW"), Map.of("PGPW", "envpw"));
        assertThat(e.postgres().passwordSource()).isEqualTo(io.meterflow.config.PostgresPassword.fromEnv("PGPW"));
        assertThat(e.redacted().toString()).contains("passwordEnv=PGPW").doesNotContain("envpw");
        for (MeterflowConfig x : new MeterflowConfig[] {c, e, MeterflowConfig.parse(FULL, Map.of())}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(out)) {
                o.writeObject(x.postgres().connectionSettings());
            }
            assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("filepw", "envpw", "s3cr3t-pg");
        }

        ConfigException missing = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(MINIMAL.replace(
                "url: 'jdbc:postgresql://db/m'", "url: 'jdbc:postgresql://db/m', passwordFile: '" + dir.resolve("nope") + "'"),
                Map.of()));
        assertThat(missing.problems()).singleElement().asString()
                .startsWith("postgres.passwordFile: cannot read ").endsWith("(NoSuchFileException)");
        ConfigException two = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(MINIMAL.replace(
                "url: 'jdbc:postgresql://db/m'", "url: 'jdbc:postgresql://db/m', password: x, passwordFile: '" + file + "'"),
                Map.of()));
        assertThat(two.problems()).containsExactly("postgres.password: set only one of password, passwordEnv, passwordFile");
    }

    @Test
    void kafkaSecretsFromTheEnvironmentOrAFileAreResolvedByTheKafkaClients(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka-secrets.properties");
        Files.writeString(file, "jaas=org.apache.kafka.common.security.plain.PlainLoginModule required password=\"filekafkapw\";\n");
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL.replace("topic: events }",
                "topic: events, properties: { sasl.jaas.config: '${file:" + file + ":jaas}', ssl.key.password: '${env:PATH}' } }"),
                Map.of());
        assertThat(c.kafka().properties()).containsEntry("config.providers", "env,file")
                .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .containsEntry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .containsEntry("sasl.jaas.config", "${file:" + file + ":jaas}");
        java.util.Properties p = new java.util.Properties();
        p.putAll(c.kafka().properties());
        p.put("bootstrap.servers", "k:9092");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        org.apache.kafka.clients.consumer.ConsumerConfig resolved = new org.apache.kafka.clients.consumer.ConsumerConfig(p);
        assertThat(resolved.getPassword("sasl.jaas.config").value()).contains("filekafkapw");
        assertThat(resolved.getPassword("ssl.key.password").value()).isEqualTo(System.getenv("PATH"));
        // Users who configure providers themselves keep their own.
        MeterflowConfig own = MeterflowConfig.parse(MINIMAL.replace("topic: events }",
                "topic: events, properties: { config.providers: mine, sasl.jaas.config: '${mine:x}' } }"), Map.of());
        assertThat(own.kafka().properties()).containsEntry("config.providers", "mine").doesNotContainKey("config.providers.env.class");
    }

    @Test
    void migrateFlagAndReaderLogin() {
        MeterflowConfig d = MeterflowConfig.parse(MINIMAL, Map.of());
        assertThat(d.postgres().migrate()).isTrue();
        assertThat(d.postgres().readerSettings()).isEmpty();
        MeterflowConfig c = MeterflowConfig.parse(MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'jdbc:postgresql://db/m', user: job, migrate: false, readerUser: analyst, readerPasswordEnv: RPW"),
                Map.of("RPW", "readerpw"));
        assertThat(c.postgres().migrate()).isFalse();
        io.meterflow.config.PostgresConnectionSettings reader = c.postgres().readerSettings().orElseThrow();
        assertThat(reader.user()).isEqualTo("analyst");
        assertThat(reader.url()).isEqualTo("jdbc:postgresql://db/m");
        assertThat(reader.toString()).contains("env:RPW").doesNotContain("readerpw");
        assertThat(c.redacted().toString()).contains("migrate=false", "readerUser=analyst").doesNotContain("readerpw");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(MINIMAL.replace(
                "url: 'jdbc:postgresql://db/m'", "url: 'jdbc:postgresql://db/m', migrate: maybe, readerPassword: x,"
                        + " readerPasswordEnv: Y"), Map.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "postgres.migrate: must be true or false, got 'maybe'",
                "postgres.readerPassword: set either readerPassword or readerPasswordEnv, not both",
                "postgres.readerUser: is required when a reader password is set");
    }

    @Test
    void passwordFromEnvironment() {
        String yaml = MINIMAL.replace("url: 'jdbc:postgresql://db/m'", "url: 'jdbc:postgresql://db/m', passwordEnv: PGPW");
        assertThat(MeterflowConfig.parse(yaml, Map.of("PGPW", "envpw")).postgres().password().reveal()).isEqualTo("envpw");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.problems()).containsExactly("postgres.passwordEnv: environment variable PGPW is not set");
    }

    @Test
    void secretsNeverAppearInToStringOrRedactedViews() {
        MeterflowConfig c = MeterflowConfig.parse(FULL.replace("jdbc:postgresql://127.0.0.1:5432/meterflow",
                "jdbc:postgresql://127.0.0.1:5432/meterflow?password=s3cr3t-pg&sslmode=require"), Map.of());
        assertNoSecrets(c.toString());
        assertNoSecrets(c.redacted().toString());
        assertNoSecrets(c.postgres().toString());
        assertNoSecrets(c.kafka().toString());
        assertNoSecrets(String.valueOf(c.postgres().password()));
        assertNoSecrets(c.postgres().redactedUrl());
        assertThat(c.kafka().redactedProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "***").containsEntry("ssl.key.password", "***");
        assertThat(c.postgres().redactedProperties()).containsEntry("sslmode", "require").containsEntry("sslpassword", "***");
        assertThat(Secrets.redactUrl("jdbc:postgresql://u:pw@h/db")).isEqualTo("jdbc:postgresql://u:***@h/db");
    }

    @Test
    void secretsNeverAppearInErrors() {
        // A YAML syntax error on the password line: SnakeYAML would quote the line.
        String broken = MINIMAL + "postgres2:\n  password: \"s3cr3t-pg\n  x: [\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(broken, Map.of()));
        assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML at line");
        assertNoSecrets(e.getMessage());
        String nonScalar = MINIMAL.replace("url: 'jdbc:postgresql://db/m'",
                "url: 'mysql://h/db?password=s3cr3t-pg', password: [s3cr3t-pg]");
        ConfigException e2 = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(nonScalar, Map.of()));
        assertThat(e2.problems()).contains("postgres.password: must be a single value");
        assertNoSecrets(e2.getMessage());
    }

    @Test
    void valuesOfTheWrongTypeAreReportedWithTheirPathAndReadOnAsAbsent() {
        String yaml = String.join("\n",
                "kafka:",
                "  bootstrapServers: k:9092",
                "  topic: [events, more]",
                "  properties: [security.protocol]",
                "postgres:",
                "  url: 'jdbc:postgresql://db/m'",
                "  password: { value: s3cr3t-pg }",
                "  migrate: yes please",
                "  tcpKeepAlive: 1",
                "  properties: { sslmode: [require], sslpassword: sslpw }",
                "checkpoint: 5s",
                "events: { maxBytes: { value: 1 }, maxFutureSkew: [1m] }",
                "job: { parallelism: '4' }",
                "meters:",
                "  - 5",
                "  - { slug: a, eventType: x, aggregation: COUNT, groupBy: [model] }",
                "  - { slug: b, eventType: x, aggregation: COUNT, groupBy: { m: [1], n: 7 }, windowSize: { x: 1 } }",
                "  - { slug: c, eventType: x, aggregation: [COUNT] }",
                "api:",
                "  maxBatchEvents: 1.5",
                "  reader: [analyst]",
                "  tls: { certFile: [c.pem], keyFile: k.pem }",
                "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "kafka.topic: must be a single value, not a list or map",
                "kafka.properties: must be a map of keys to values",
                "postgres.password: must be a single value",
                "postgres.migrate: must be true or false, got 'yes please'",
                "postgres.tcpKeepAlive: must be true or false, got '1'",
                "postgres.properties.sslmode: must be a single value",
                "checkpoint: must be a map of keys to values",
                "events.maxBytes: must be a single value, not a list or map",
                "events.maxFutureSkew: must be a single value, not a list or map",
                "job.parallelism: must be a whole number of at least 1",
                "meters[0]: must be a map with slug, eventType, aggregation, ...",
                "meters[1] (a).groupBy: must be a map of name to JSONPath",
                "meters[2] (b).groupBy.m: must be a JSONPath string such as $.model",
                "meters[2] (b).groupBy.n: must be a JSONPath string such as $.model",
                "meters[2] (b).windowSize: must be a single value, not a list or map",
                "meters[3] (c).aggregation: must be a single value, not a list or map",
                "api.maxBatchEvents: must be a whole number of at least 1",
                "api.reader: must be a map of keys to values",
                "api.tls.certFile: must be a single value, not a list or map");
        assertThat(e.getMessage()).doesNotContain("Cannot", "deserialize", "jackson", "RawConfig", "java.");
        assertNoSecrets(e.getMessage());
        assertThat(catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(
                MINIMAL.replace("meters: [ {", "meters: {").replace("} ]", "}"), Map.of())).problems())
                .containsExactly("meters: must be a list of meters");
        assertThat(catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(
                MINIMAL + "job: { parallelism: 99999999999 }\n", Map.of())).problems())
                .containsExactly("job.parallelism: must be a whole number of at least 1");
        // Empty maps are maps: the documented defaults read as written.
        MeterflowConfig empty = MeterflowConfig.parse(MINIMAL.replace("topic: events", "topic: events, properties: {}")
                + "api: {}\njob: {}\n", Map.of());
        assertThat(empty.kafka().properties()).isEmpty();
        assertThat(empty.job().parallelism()).isEmpty();
        assertThat(empty.api().port()).isEqualTo(8888);
    }

    @Test
    void unknownKeysAreReportedAtEveryDepthWithTheirPathAndTheKeysAllowedThere() {
        String yaml = MINIMAL.replace("url: 'jdbc:postgresql://db/m'", "url: 'jdbc:postgresql://db/m', pasword: s3cr3t-pg")
                .replace("aggregation: COUNT", "aggregation: COUNT, groupby: { model: $.model }")
                + String.join("\n",
                "checkpoint: { intervall: 5s }",
                "api:",
                "  reader: { user: analyst, passwrd: s3cr3t-pg }",
                "  tls: { certfile: { file: c.pem, more: [1, 2] }, certFile: c.pem, keyFile: k.pem, extra: [ { a: 1 } ] }",
                "  listen: nowhere",
                "metres: []",
                "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "postgres.pasword: unknown key (did you mean password?); allowed: url, user, password, passwordEnv,"
                        + " passwordFile, migrate, readerUser, readerPassword, readerPasswordEnv, readerPasswordFile,"
                        + " fenceRetention, connectTimeout, socketTimeout, statementTimeout, lockTimeout,"
                        + " idleInTransactionTimeout, tcpKeepAlive, properties",
                "meters[0] (calls).groupby: unknown key (did you mean groupBy?); allowed: slug, eventType, aggregation,"
                        + " valueProperty, groupBy, windowSize, description, seriesBy, firstSample, maxHold, seriesLateness, unit",
                "checkpoint.intervall: unknown key (did you mean interval?); allowed: interval, dir",
                "api.reader.passwrd: unknown key (did you mean password?); allowed: user, password, passwordEnv",
                "api.tls.certfile: unknown key (did you mean certFile?); allowed: certFile, keyFile",
                "api.tls.extra: unknown key; allowed: certFile, keyFile",
                // read although it comes after the unknown keys' nested values
                "api.listen: must be HOST:PORT (e.g. 127.0.0.1:8888), got 'nowhere'",
                "metres: unknown key (did you mean meters?); allowed: kafka, postgres, checkpoint, dedupe, events, job,"
                        + " meters, api, notifications");
        assertNoSecrets(e.getMessage());
    }

    @Test
    void duplicateKeysAreRefused() {
        String dup = MINIMAL + "kafka: { topic: x }\n";
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(dup, Map.of()));
        assertThat(e.problems()).singleElement().asString().startsWith("Duplicate field 'kafka'");
    }

    @Test
    void emptyAndNonMapFiles() {
        assertThatThrownBy(() -> MeterflowConfig.parse("", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> MeterflowConfig.parse("- a\n- b\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("map of sections");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse("foo: 1\n", Map.of()));
        assertThat(e.problems()).contains("kafka: is required", "postgres: is required",
                "meters: is required (a list of at least one meter)");
        assertThat(e.problems()).anyMatch(p -> p.startsWith("foo: unknown key"));
    }

    @Test
    void ownedClientPropertiesAreRefused() {
        String yaml = MINIMAL.replace("topic: events", "topic: events, properties: { bootstrap.servers: x }");
        assertThatThrownBy(() -> MeterflowConfig.parse(yaml, Map.of()))
                .hasMessageContaining("kafka.properties.bootstrap.servers: set kafka.bootstrapServers instead");
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("meterflow.yaml");
        Files.writeString(f, MINIMAL);
        assertThat(MeterflowConfig.load(f).meters()).hasSize(1);
        assertThatThrownBy(() -> MeterflowConfig.load(dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
    }

    @Test
    void configIsSerializable() throws Exception {
        MeterflowConfig c = MeterflowConfig.parse(FULL, Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(c);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            MeterflowConfig copy = (MeterflowConfig) in.readObject();
            assertThat(copy.toString()).isEqualTo(c.toString());
            assertThat(copy.postgres().password().reveal()).isEqualTo("s3cr3t-pg");
            assertThat(copy.meters()).isEqualTo(c.meters());
        }
    }

    static void assertNoSecrets(String text) {
        for (String s : SECRETS) {
            assertThat(text).doesNotContain(s);
        }
    }

    @Test
    void apiSectionDefaultsAndValues() {
        ApiConfig d = MeterflowConfig.parse(MINIMAL, Map.of()).api();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isEqualTo(8888);
        assertThat(d.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(d.maxBatchEvents()).isEqualTo(1000);
        assertThat(d.readerUser()).isNull();
        String yaml = MINIMAL + String.join("\n",
                "api:",
                "  listen: '[::1]:9000'",
                "  maxRequestBytes: 2MiB",
                "  maxBatchEvents: 50",
                "  produceTimeout: 5s",
                "  readTimeout: 3s",
                "  reader: { user: analyst, passwordEnv: READER_PW }",
                "");
        MeterflowConfig c = MeterflowConfig.parse(yaml, Map.of("READER_PW", "reader-secret"));
        ApiConfig a = c.api();
        assertThat(a.host()).isEqualTo("::1");
        assertThat(a.port()).isEqualTo(9000);
        assertThat(a.maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(a.maxBatchEvents()).isEqualTo(50);
        assertThat(a.produceTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.readerUser()).isEqualTo("analyst");
        assertThat(a.readerPassword().reveal()).isEqualTo("reader-secret");
        assertThat(c.toString()).doesNotContain("reader-secret").contains("[::1]:9000");
    }

    @Test
    void apiSectionProblemsAreAllReported() {
        String yaml = MINIMAL + String.join("\n",
                "api:",
                "  listen: localhost",
                "  maxBatchEvents: 0",
                "  maxRequestBytes: lots",
                "  produceTimeout: 1s",
                "  reader: { password: a, passwordEnv: B }",
                "  tls: { certFile: c.pem }",
                "  lisen: x",
                "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> MeterflowConfig.parse(yaml, Map.of()));
        assertThat(e.getMessage())
                .contains("api.listen: must be HOST:PORT")
                .contains("api.maxBatchEvents: must be a whole number of at least 1")
                .contains("api.maxRequestBytes")
                .contains("api.produceTimeout: must be at least 2s")
                .contains("api.reader.password: set either password or passwordEnv, not both")
                .contains("api.tls.keyFile: is required")
                .contains("api.lisen: unknown key (did you mean listen?)");
        assertThat(ApiConfig.parseListen("0.0.0.0:0")).containsExactly("0.0.0.0", "0");
        assertThatThrownBy(() -> ApiConfig.parseListen("::1:80")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ApiConfig.parseListen("h:70000")).hasMessageContaining("0..65535");
    }
}
