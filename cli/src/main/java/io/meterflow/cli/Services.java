package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Connections to the configured Kafka and PostgreSQL, failing with one clear line when unreachable. */
final class Services {
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    private Services() {}

    /** Opens a JDBC connection with the configured timeouts (connect, socket, statement, lock, idle in transaction). */
    static Connection postgres(MeterflowConfig config) {
        MeterflowConfig.Postgres pg = config.postgres();
        try {
            return pg.connectionSettings().open();
        } catch (SQLException e) {
            throw new CliException("cannot connect to PostgreSQL at " + pg.redactedUrl() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * A connection for reading usage: as postgres.readerUser (a meterflow_reader login) when one is
     * configured, else as the job's user.
     */
    static Connection postgresReader(MeterflowConfig config) {
        MeterflowConfig.Postgres pg = config.postgres();
        var reader = pg.readerSettings();
        if (reader.isEmpty()) {
            return postgres(config);
        }
        try {
            return reader.get().open();
        } catch (SQLException e) {
            throw new CliException("cannot connect to PostgreSQL at " + pg.redactedUrl() + " as reader "
                    + reader.get().user() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Kafka client properties from the config: bootstrap servers plus the user's client properties. */
    static Properties kafkaProperties(MeterflowConfig config) {
        Properties p = new Properties();
        p.putAll(config.kafka().properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        return p;
    }

    /** An admin client that has proven it can reach the cluster and sees the topic. */
    static Admin kafkaAdmin(MeterflowConfig config) {
        Properties p = kafkaProperties(config);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
        p.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "meterflow-cli");
        Admin admin = Admin.create(p);
        try {
            admin.describeCluster().nodes().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(Duration.ofSeconds(1));
            throw new CliException("cannot reach Kafka at " + config.kafka().bootstrapServers() + ": "
                    + (e instanceof TimeoutException ? "no answer within " + KAFKA_TIMEOUT.toSeconds() + " s"
                            : firstLine(ErrorMessages.rootCause(e).getMessage())), e);
        } catch (InterruptedException e) {
            admin.close(Duration.ofSeconds(1));
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while connecting to Kafka", e);
        }
    }

    /** Fails clearly when the topic does not exist. */
    static void requireTopic(Admin admin, MeterflowConfig config) {
        String topic = config.kafka().topic();
        try {
            if (!admin.listTopics().names().get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                throw new CliException("Kafka topic '" + topic + "' does not exist on " + config.kafka().bootstrapServers()
                        + " (create it, e.g. kafka-topics.sh --create --topic " + topic + ")");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException("cannot list Kafka topics on " + config.kafka().bootstrapServers() + ": "
                    + firstLine(String.valueOf(ErrorMessages.rootCause(e).getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", e);
        }
    }

    /** Checks both services before a job starts, so "unreachable" is one line and not a restarting job. */
    static void preflight(MeterflowConfig config) {
        try (Connection c = postgres(config)) {
            // reachable
        } catch (SQLException e) {
            throw new CliException("PostgreSQL connection failed: " + firstLine(e.getMessage()), e);
        }
        try (Admin admin = kafkaAdmin(config)) {
            requireTopic(admin, config);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
