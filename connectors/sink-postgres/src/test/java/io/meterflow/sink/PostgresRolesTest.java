package io.meterflow.sink;

import static io.meterflow.sink.PostgresTestSupport.exec;
import static io.meterflow.sink.PostgresTestSupport.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.config.PostgresConnectionSettings;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The roles of {@code sql/V4__roles.sql}: migrations run as an owner, the job as a member of
 * {@code meterflow_writer} without DDL rights, {@code meterflow_reader} sees rejection metadata but
 * not raw payloads or headers, {@code meterflow_payload_reader} sees those.
 */
class PostgresRolesTest {
    private static PostgresConnectionSettings superuser;
    private static PostgresConnectionSettings owner;
    private static PostgresConnectionSettings writer;
    private static PostgresConnectionSettings reader;
    private static PostgresConnectionSettings triage;

    @BeforeAll
    static void migrateAsOwner() throws SQLException {
        superuser = PostgresTestSupport.freshDatabase(PostgresRolesTest.class);
        String db = String.valueOf(one(superuser, "SELECT current_database()"));
        String suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        // Roles are cluster-wide; a DBA creates them once (an owner without CREATEROLE cannot).
        for (String role : new String[] {"meterflow_reader", "meterflow_writer", "meterflow_payload_reader"}) {
            exec(superuser, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN"
                    + " CREATE ROLE " + role + " NOLOGIN; END IF; END $$");
        }
        exec(superuser, "CREATE ROLE owner_" + suffix + " LOGIN PASSWORD 'o'");
        exec(superuser, "GRANT CREATE ON DATABASE " + db + " TO owner_" + suffix);
        exec(superuser, "CREATE ROLE job_" + suffix + " LOGIN PASSWORD 'w' IN ROLE meterflow_writer");
        exec(superuser, "CREATE ROLE analyst_" + suffix + " LOGIN PASSWORD 'r' IN ROLE meterflow_reader");
        exec(superuser, "CREATE ROLE triage_" + suffix + " LOGIN PASSWORD 't' IN ROLE meterflow_reader, meterflow_payload_reader");
        owner = superuser.withUser("owner_" + suffix, "o");
        writer = superuser.withUser("job_" + suffix, "w");
        reader = superuser.withUser("analyst_" + suffix, "r");
        triage = superuser.withUser("triage_" + suffix, "t");
        Migrations.apply(owner);
    }

    @Test
    void theJobRunsAsAWriterWithoutDdlRights() throws SQLException {
        Migrations.validate(writer); // what a job with postgres.migrate: false does at start
        try (PostgresUsageStore store = new PostgresUsageStore(writer)) {
            String lineage = UUID.randomUUID().toString();
            assertThat(store.apply(PostgresTestSupport.Epoch.of(lineage, 0, 1)
                    .event("m_cnt", Aggregation.COUNT, "c1", "2026-01-01T00:00:10Z", null)
                    .rejection(PostgresUsageStoreTest.rejection("events", 0, 7, null)).build())).isTrue();
            assertThat(store.pruneFence(1, java.time.Duration.ofDays(7))).isGreaterThanOrEqualTo(0);
            assertThat(store.activeGeneration()).isEqualTo(1);
        }
        assertThat(one(writer, "SELECT meterflow.create_generation('by the writer')")).isEqualTo(2);
        assertDenied(writer, "CREATE TABLE meterflow.not_allowed (x int)");
        assertDenied(writer, "ALTER TABLE meterflow.usage_windows ADD COLUMN x int");
        assertDenied(writer, "DROP TABLE meterflow.rejected_events");
        assertDenied(writer, "DELETE FROM meterflow.flyway_schema_history");
    }

    @Test
    void readersSeeRejectionMetadataButOnlyThePayloadRoleSeesPayloadsAndHeaders() throws SQLException {
        try (PostgresUsageStore store = new PostgresUsageStore(writer)) {
            store.apply(PostgresTestSupport.Epoch.of(UUID.randomUUID().toString(), 0, 1)
                    .rejection(PostgresUsageStoreTest.rejection("events", 1, 99, null)).build());
        }
        assertThat(((Number) one(reader, "SELECT count(*) FROM meterflow.rejected_events WHERE \"offset\" = 99")).intValue())
                .isEqualTo(1);
        assertThat(one(reader, "SELECT reason FROM meterflow.rejected_events WHERE \"offset\" = 99")).isEqualTo("MALFORMED_JSON");
        assertThat(one(reader, "SELECT count(*) FROM meterflow.usage_windows")).isNotNull();
        assertDenied(reader, "SELECT payload FROM meterflow.rejected_events");
        assertDenied(reader, "SELECT headers FROM meterflow.rejected_events");
        assertDenied(reader, "SELECT * FROM meterflow.rejected_events");
        assertDenied(reader, "INSERT INTO meterflow.meters (generation, slug) VALUES (1, 'x')");

        assertThat((byte[]) one(triage, "SELECT payload FROM meterflow.rejected_events WHERE \"offset\" = 99"))
                .containsExactly('{');
        assertThat(String.valueOf(one(triage, "SELECT headers FROM meterflow.rejected_events WHERE \"offset\" = 99")))
                .isEqualTo("{}");
    }

    private static void assertDenied(PostgresConnectionSettings who, String sql) {
        assertThatThrownBy(() -> exec(who, sql)).as(sql)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isIn("42501", "42P01"));
    }
}
