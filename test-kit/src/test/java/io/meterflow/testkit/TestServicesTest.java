package io.meterflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URL plumbing behind {@link TestServices#newDatabase}: no servers needed. */
class TestServicesTest {

    @Test
    void replacesTheDatabaseAndKeepsHostsAndParameters() {
        assertThat(TestServices.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "t1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/t1");
        assertThat(TestServices.withDatabase("jdbc:postgresql://db:5432/postgres?sslmode=disable&a=b", "t1"))
                .isEqualTo("jdbc:postgresql://db:5432/t1?sslmode=disable&a=b");
        assertThat(TestServices.withDatabase("jdbc:postgresql://h1:5432,h2:5433/", "t1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/t1");
        assertThat(TestServices.withDatabase("jdbc:postgresql://localhost", "t1"))
                .isEqualTo("jdbc:postgresql://localhost/t1");
    }

    @Test
    void readsTheDatabaseName() {
        assertThat(new PostgresDatabase("jdbc:postgresql://db:5432/usage_1_abc?x=y", "u", "p").name())
                .isEqualTo("usage_1_abc");
    }
}
