package io.meterflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meterflow.config.ConfigException;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.config.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A config file as the launcher uses it: validated with {@link MeterflowConfig#load}, and kept as
 * YAML so a command can derive a variant (another checkpoint dir, consumer group, ...) that goes
 * through exactly the same validation.
 */
final class ConfigFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path path;
    private final String yaml;
    private final MeterflowConfig config;

    private ConfigFile(Path path, String yaml, MeterflowConfig config) {
        this.path = path;
        this.yaml = yaml;
        this.config = config;
    }

    static ConfigFile load(Path path) {
        if (path == null) {
            throw new CliException("--config FILE is required");
        }
        String yaml;
        try {
            yaml = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read config file " + path + ": " + e.getMessage());
        }
        return new ConfigFile(path, yaml, MeterflowConfig.load(path));
    }

    /** For configs the launcher writes itself (the demo). */
    static ConfigFile ofYaml(Path path, String yaml) {
        return new ConfigFile(path, yaml, MeterflowConfig.parse(yaml, System.getenv()));
    }

    Path path() {
        return path;
    }

    String yaml() {
        return yaml;
    }

    MeterflowConfig config() {
        return config;
    }

    /** The same file with some keys changed, validated again. */
    ConfigFile derive(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) YAML.readTree(yaml);
            change.accept(root);
            String changed = YAML.writeValueAsString(root);
            try {
                return new ConfigFile(path, changed, MeterflowConfig.parse(changed, System.getenv()));
            } catch (ConfigException e) {
                throw new ConfigException(path.toString(), e.problems());
            }
        } catch (IOException e) {
            throw new CliException("cannot rewrite config " + path + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode section(ObjectNode root, String name) {
        JsonNode n = root.get(name);
        if (n instanceof ObjectNode) {
            return (ObjectNode) n;
        }
        return root.putObject(name);
    }

    /**
     * Secrets written literally in the file (postgres.password, secret-looking client properties):
     * they would travel in the job's program arguments and show in Flink's web UI.
     */
    static List<String> inlineSecrets(String yaml) {
        List<String> found = new ArrayList<>();
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root == null) {
                return found;
            }
            JsonNode pg = root.path("postgres");
            if (pg.hasNonNull("password")) {
                found.add("postgres.password");
            }
            if (pg.hasNonNull("readerPassword")) {
                found.add("postgres.readerPassword");
            }
            if (pg.path("url").asText("").matches("(?i).*[?&;]password=.*")) {
                found.add("postgres.url (password parameter)");
            }
            for (String section : new String[] {"kafka", "postgres"}) {
                JsonNode props = root.path(section).path("properties");
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = e.getKey();
                    // ${env:NAME} / ${file:PATH:KEY}: resolved by the Kafka clients where they run, not a literal
                    if (Secrets.isSecret(key) && !e.getValue().asText("").matches("\\$\\{(env|file|dir):[^}]*}")) {
                        found.add(section + ".properties." + key);
                    }
                }
            }
        } catch (IOException e) {
            // Invalid YAML was already refused by MeterflowConfig.load.
        }
        return found;
    }
}
