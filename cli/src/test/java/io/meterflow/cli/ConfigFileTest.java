package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterflow.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @Test
    void literalSecretsAreFoundPasswordEnvIsNot() {
        String literal = MeterflowCliTest.validConfig("k:9092", "jdbc:postgresql://h/db");
        assertThat(ConfigFile.inlineSecrets(literal)).containsExactly("postgres.password");
        String env = literal.replace("  password: s3cret", "  passwordEnv: PG_PASSWORD");
        assertThat(ConfigFile.inlineSecrets(env)).isEmpty();
        String sasl = env.replace("  topic: events", "  topic: events\n  properties:\n    sasl.jaas.config: x\n    security.protocol: SASL_SSL");
        assertThat(ConfigFile.inlineSecrets(sasl)).containsExactly("kafka.properties.sasl.jaas.config");
        assertThat(ConfigFile.inlineSecrets(env.replace("jdbc:postgresql://h/db", "jdbc:postgresql://h/db?password=x")))
                .containsExactly("postgres.url (password parameter)");
        // References resolved where the clients run are not literals.
        assertThat(ConfigFile.inlineSecrets(sasl.replace("sasl.jaas.config: x", "sasl.jaas.config: '${env:KAFKA_JAAS}'"))).isEmpty();
        assertThat(ConfigFile.inlineSecrets(env.replace("passwordEnv: PG_PASSWORD", "passwordFile: /run/pg")
                + "")).isEmpty();
        assertThat(ConfigFile.inlineSecrets(env.replace("passwordEnv: PG_PASSWORD",
                "passwordEnv: PG_PASSWORD\n  readerUser: a\n  readerPassword: r"))).containsExactly("postgres.readerPassword");
    }

    @Test
    void derivedConfigIsValidatedAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, MeterflowCliTest.validConfig("k:9092", "jdbc:postgresql://h/db"));
        ConfigFile config = ConfigFile.load(file);
        ConfigFile derived = config.derive(root -> ConfigFile.section(root, "checkpoint").put("dir", "file:///tmp/cp/g2"));
        assertThat(derived.config().checkpoint().dir()).isEqualTo("file:///tmp/cp/g2");
        assertThat(derived.config().meters()).hasSize(2);
        assertThatThrownBy(() -> config.derive(root -> ConfigFile.section(root, "checkpoint").put("interval", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString());
    }
}
