package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.config.PostgresTimeouts;
import io.meterflow.testkit.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every connection meterflow opens carries the configured server-side limits and socket settings. */
class PostgresTimeoutsTest {
    private static final PostgresTimeouts SHORT = new PostgresTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(6),
            Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(3), true);

    @Test
    void connectionsCarryTheServerSideTimeouts() throws SQLException {
        PostgresDatabase db = PostgresTestSupport.freshLogin(PostgresTimeoutsTest.class);
        PostgresConnectionSettings base = PostgresTestSupport.settings(db);
        Properties user = new Properties();
        user.setProperty("options", "-c search_path=public");
        PostgresConnectionSettings s = new PostgresConnectionSettings(db.jdbcUrl(), db.user(), db.password(), user, SHORT);
        try (Connection c = s.open()) {
            assertThat(show(c, "statement_timeout")).isEqualTo("1500ms");
            assertThat(show(c, "lock_timeout")).isEqualTo("700ms");
            assertThat(show(c, "idle_in_transaction_session_timeout")).isEqualTo("3s");
            assertThat(show(c, "search_path")).isEqualTo("public");
            assertThat(c.getNetworkTimeout()).isEqualTo(6_000);
        }
        try (Connection c = base.open()) {
            assertThat(show(c, "statement_timeout")).isEqualTo("2min");
            assertThat(show(c, "lock_timeout")).isEqualTo("30s");
            assertThat(show(c, "idle_in_transaction_session_timeout")).isEqualTo("2min");
            assertThat(c.getNetworkTimeout()).isEqualTo(180_000);
        }
    }

    @Test
    void aSlowStatementIsCancelledByTheServer() throws SQLException {
        PostgresDatabase base = PostgresTestSupport.freshLogin(PostgresTimeoutsTest.class);
        PostgresConnectionSettings s = new PostgresConnectionSettings(base.jdbcUrl(), base.user(), base.password(), null, SHORT);
        long t0 = System.nanoTime();
        try (Connection c = s.open(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
