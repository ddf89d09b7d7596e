package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meterflow migrate} as the schema owner, then the job's start as a {@code meterflow_writer}
 * login without DDL rights ({@code postgres.migrate: false}), and {@code query} as the reader login.
 */
class MigrateCommandTest {
    private static PostgresDatabase database;

    @BeforeAll
    static void createRoles() throws Exception {
        database = TestServices.newPostgresDatabase("roles");
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            for (String role : new String[] {"meterflow_reader", "meterflow_writer", "meterflow_payload_reader"}) {
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                        + " CREATE ROLE " + role + " NOLOGIN; END IF; END $$");
            }
            // Logins are per server, which the test JVM shares (or a server named by the environment).
            for (String login : new String[] {"mf_owner LOGIN PASSWORD 'owner'", "mf_job LOGIN PASSWORD 'job' IN ROLE meterflow_writer",
                    "mf_analyst LOGIN PASSWORD 'analyst' IN ROLE meterflow_reader"}) {
                String name = login.substring(0, login.indexOf(' '));
                s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + name + "') THEN"
                        + " CREATE ROLE " + login + "; END IF; END $$");
            }
            s.execute("GRANT CREATE ON DATABASE \"" + database.name() + "\" TO mf_owner");
        }
    }

    @Test
    void migrateAsOwnerThenTheJobStartsAsAWriterWithoutDdlRights(@TempDir Path dir) throws Exception {
        Path ownerPassword = dir.resolve("owner-password");
        Files.writeString(ownerPassword, "owner\n");
        String yaml = String.join("\n",
                "kafka: { bootstrapServers: '127.0.0.1:1', topic: events }",
                "postgres:",
                "  url: " + database.jdbcUrl(),
                "  user: mf_job",
                "  password: job",
                "  migrate: false",
                "  readerUser: mf_analyst",
                "  readerPassword: analyst",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", "");
        Path config = dir.resolve("meterflow.yaml");
        Files.writeString(config, yaml);
        MeterflowConfig writer = MeterflowConfig.parse(yaml, Map.of());

        assertThatThrownBy(() -> MeterflowJob.prepare(writer, JobOptions.live()))
                .as("before migrate, the writer's job is refused with what to do")
                .hasMessageContaining("./meterflow migrate");
        assertThatThrownBy(() -> MeterflowJob.prepare(MeterflowConfig.parse(yaml.replace("migrate: false", "migrate: true"),
                Map.of()), JobOptions.live()))
                .as("the writer cannot create the schema itself")
                .hasMessageContaining("permission denied");

        MeterflowCliTest.Result migrated = MeterflowCliTest.run("migrate", "--config", config.toString(),
                "--user", "mf_owner", "--password-file", ownerPassword.toString());
        assertThat(migrated.code()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("is up to date (migrated as mf_owner)");

        JobOptions prepared = MeterflowJob.prepare(writer, JobOptions.live());
        assertThat(prepared.generation()).isEqualTo(1);
        try (Connection c = writer.postgres().connectionSettings().open(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("CREATE TABLE meterflow.not_allowed (x int)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }

        // query logs in as the reader: it works even where the job's own login does not exist.
        Path readerOnly = dir.resolve("reader-only.yaml");
        Files.writeString(readerOnly, yaml.replace("user: mf_job", "user: mf_no_such_login"));
        MeterflowCliTest.Result query = MeterflowCliTest.run("query", "--config", readerOnly.toString(), "--meter", "calls",
                "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z");
        assertThat(query.code()).as(query.err()).isZero();
        try (Connection c = writer.postgres().readerSettings().orElseThrow().open(); Statement s = c.createStatement()) {
            assertThat(c.getMetaData().getUserName()).isEqualTo("mf_analyst");
            assertThatThrownBy(() -> s.executeQuery("SELECT payload FROM meterflow.rejected_events"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }
}
