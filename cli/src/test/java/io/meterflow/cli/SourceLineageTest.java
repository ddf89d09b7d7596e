package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.sink.Migrations;
import io.meterflow.testkit.PostgresDatabase;
import io.meterflow.testkit.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation's source in PostgreSQL, against a real server. */
class SourceLineageTest {
    private static PostgresDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestServices.newPostgresDatabase("lineage");
        Migrations.apply(io.meterflow.config.MeterflowConfig.parse(String.join("\n",
                "kafka: { bootstrapServers: '127.0.0.1:1', topic: events }",
                "postgres: { url: '" + database.jdbcUrl() + "', user: " + database.user() + ", password: '"
                        + database.password() + "' }",
                "meters: [ { slug: calls, eventType: api.request, aggregation: COUNT } ]", ""), Map.of())
                .postgres().connectionSettings());
    }

    @Test
    void recordedThenReplacedThenGoneWithItsGeneration() throws Exception {
        try (Connection c = database.connect()) {
            assertThat(SourceLineage.replayId(c, 1)).isEmpty();
            SourceLineage.record(c, 1, "abc123", "2026-12-01T00:00:00Z", "job-1");
            assertThat(SourceLineage.replayId(c, 1)).contains("abc123");
            SourceLineage.record(c, 1, "def456", "0:12", "job-2");
            assertThat(SourceLineage.replayId(c, 1)).contains("def456");
            assertThatThrownBy(() -> SourceLineage.record(c, 1, "bad id;", "", ""))
                    .isInstanceOf(CliException.class).hasMessageContaining("generation 1");

            int g;
            try (var rs = c.createStatement().executeQuery("SELECT meterflow.create_generation('test')")) {
                rs.next();
                g = rs.getInt(1);
            }
            SourceLineage.record(c, g, "r9", "", "");
            c.createStatement().execute("SELECT meterflow.drop_generation(" + g + ")");
            assertThat(SourceLineage.replayId(c, g)).as("dropped with its generation").isEmpty();
        }
    }

    @Test
    void anOlderLaunchersFileMovesIntoTheTable(@TempDir Path dir) throws Exception {
        try (Connection c = database.connect()) {
            int g;
            try (var rs = c.createStatement().executeQuery("SELECT meterflow.create_generation('legacy')")) {
                rs.next();
                g = rs.getInt(1);
            }
            Files.writeString(dir.resolve(SourceLineage.LEGACY_FILE), "legacy7\n");
            SourceLineage.migrateLegacyFile(c, g, dir);
            assertThat(SourceLineage.replayId(c, g)).contains("legacy7");
            assertThat(dir.resolve(SourceLineage.LEGACY_FILE)).doesNotExist();

            // A row written after the file (by a newer launcher) wins over a stale file.
            SourceLineage.record(c, g, "newer8", "", "");
            Files.writeString(dir.resolve(SourceLineage.LEGACY_FILE), "legacy7\n");
            SourceLineage.migrateLegacyFile(c, g, dir);
            assertThat(SourceLineage.replayId(c, g)).contains("newer8");
            assertThat(dir.resolve(SourceLineage.LEGACY_FILE)).doesNotExist();
        }
    }
}
