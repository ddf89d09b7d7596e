package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.config.PostgresPassword;
import io.meterflow.testkit.PostgresDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password read from a file where the connection is opened logs in to a real server. */
class PostgresPasswordLoginTest {

    @Test
    void aFilePasswordLogsIn(@TempDir Path dir) throws Exception {
        PostgresDatabase db = PostgresTestSupport.freshLogin(PostgresPasswordLoginTest.class);
        PostgresConnectionSettings base = PostgresTestSupport.settings(db);
        Path file = dir.resolve("pw");
        Files.writeString(file, db.password() + "\n");
        PostgresConnectionSettings s = deserialize(serialize(base.withLogin(base.user(), PostgresPassword.fromFile(file.toString()))));
        try (Connection c = s.open()) {
            assertThat(c.isValid(5)).isTrue();
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
