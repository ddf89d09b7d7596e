package io.meterflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings shipped with the job graph carry where the password comes from, never the password. */
class PostgresPasswordTest {
    private static final String SECRET = "pw-" + java.util.UUID.randomUUID();

    @Test
    void serializedSettingsNeverHoldThePassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pg-password");
        Files.writeString(file, SECRET + "\n");
        for (PostgresConnectionSettings s : new PostgresConnectionSettings[] {
                new PostgresConnectionSettings("jdbc:postgresql://h/db", "u", SECRET, new Properties()),
                PostgresConnectionSettings.of("jdbc:postgresql://h/db", "u", PostgresPassword.fromEnv("PGPW_" + "X", SECRET),
                        null, PostgresTimeouts.DEFAULTS),
                PostgresConnectionSettings.of("jdbc:postgresql://h/db", "u", PostgresPassword.fromFile(file.toString()),
                        null, PostgresTimeouts.DEFAULTS)}) {
            byte[] bytes = serialize(s);
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("%s", s).doesNotContain(SECRET);
            assertThat(s.toString()).doesNotContain(SECRET);
            assertThat(deserialize(bytes)).isEqualTo(s);
        }
    }

    @Test
    void eachSourceResolvesWhereTheConnectionIsOpened(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pg-password");
        Files.writeString(file, SECRET + "\r\n");
        assertThat(roundTrip(PostgresPassword.fromFile(file.toString())).resolve()).isEqualTo(SECRET);
        Files.writeString(file, "rotated");
        assertThat(roundTrip(PostgresPassword.fromFile(file.toString())).resolve()).as("read at every connect").isEqualTo("rotated");

        String home = System.getenv("PATH");
        assertThat(roundTrip(PostgresPassword.fromEnv("PATH", "launcher-side value")).resolve())
                .as("the task manager's environment, not the launcher's value").isEqualTo(home);
        assertThat(PostgresPassword.fromEnv("PATH", "launcher-side value").resolve()).isEqualTo("launcher-side value");

        assertThat(roundTrip(PostgresPassword.inProcess(SECRET)).resolve()).as("same JVM").isEqualTo(SECRET);
        assertThat(roundTrip(PostgresPassword.none()).resolve()).isNull();
        assertThat(PostgresPassword.inProcess(null).isSet()).isFalse();
    }

    @Test
    void anUnresolvableSourceSaysWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> roundTrip(PostgresPassword.fromEnv("METERFLOW_TEST_SURELY_UNSET_VARIABLE")).resolve())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("environment variable METERFLOW_TEST_SURELY_UNSET_VARIABLE is not set")
                .hasMessageContaining("TaskManager");
        assertThatThrownBy(() -> PostgresPassword.fromFile(dir.resolve("missing").toString()).resolve())
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("postgres.passwordFile: cannot read ");
    }


    private static PostgresPassword roundTrip(PostgresPassword p) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(p);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            return (PostgresPassword) in.readObject();
        }
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream oo = new ObjectOutputStream(out)) {
            oo.writeObject(o);
        }
        return out.toByteArray();
    }

    private static PostgresConnectionSettings deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (PostgresConnectionSettings) in.readObject();
        }
    }
}
