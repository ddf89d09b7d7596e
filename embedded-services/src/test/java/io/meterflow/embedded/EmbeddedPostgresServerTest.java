package io.meterflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path tmp;

    @Test
    void restartKeepsPortAndData() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(tmp.resolve("pg"))) {
            server.createDatabase("usage_test");
            server.createDatabase("usage_test"); // idempotent
            String url = server.jdbcUrl("usage_test");
            assertThat(url).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/usage_test");
            try (Connection c = DriverManager.getConnection(url, server.user(), server.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (n int)");
                s.execute("INSERT INTO t VALUES (42)");
                try (ResultSet rs = s.executeQuery("SHOW max_connections")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(200);
                }
            }
            int port = server.port();
            long pid = server.pid();

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(pid);
            try (Connection c = DriverManager.getConnection(url, server.user(), server.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT n FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aNewServerOnAnExistingDataDirectoryKeepsTheData() throws Exception {
        Path dataDir = tmp.resolve("pg-reuse");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            server.createDatabase("kept");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
                Connection c = DriverManager.getConnection(server.jdbcUrl("kept"), server.user(), server.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
