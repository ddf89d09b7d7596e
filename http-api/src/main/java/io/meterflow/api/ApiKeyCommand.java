package io.meterflow.api;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.sink.Migrations;
import io.meterflow.config.PostgresConnectionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./meterflow api-key create|list|revoke}: keys of the HTTP API, stored as SHA-256 in PostgreSQL. */
@Command(
        name = "api-key",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys of the HTTP API (./meterflow serve).",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class})
public final class ApiKeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public ApiKeyCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (create, list, revoke)");
    }

    static PostgresConnectionSettings writer(Path config) {
        PostgresConnectionSettings s = MeterflowConfig.load(config).postgres().connectionSettings();
        Migrations.apply(s); // the table may not be there yet
        return s;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key; it is printed once, alone on the last line (PostgreSQL keeps only its SHA-256).")
    static final class Create implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "meterflow YAML config.") Path config;
        @Option(names = "--name", required = true, description = "What the key is for (shown by list).") String name;
        @Option(names = "--scope", required = true, description = "ingest (POST events), read (meters, queries, events), admin (all).")
        String scope;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!ApiKeys.SCOPES.contains(scope)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--scope must be ingest, read or admin");
            }
            String key;
            try (Connection c = writer(config).open()) {
                key = ApiKeys.create(c, name, scope);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("created API key " + ApiKeys.idOf(key) + " (" + scope + ", \"" + name + "\"); it is shown once, here:");
            out.println(key);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (id, scope, name, created, revoked); never the keys.")
    static final class ListKeys implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "meterflow YAML config.") Path config;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-12s  %-7s  %-25s  %-24s  %s%n", "ID", "SCOPE", "NAME", "CREATED", "REVOKED");
            try (Connection c = writer(config).open();
                    ResultSet rs = c.createStatement().executeQuery("SELECT id, scope, name, created_at, revoked_at"
                            + " FROM meterflow.api_keys WHERE scope <> 'portal' ORDER BY created_at, id")) {
                while (rs.next()) {
                    out.printf("%-12s  %-7s  %-25s  %-24s  %s%n", rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? "-" : rs.getTimestamp(5).toInstant());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id (refused within about a second).")
    static final class Revoke implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "meterflow YAML config.") Path config;
        @Parameters(paramLabel = "ID", description = "The key's id (api-key list).") String id;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Connection c = writer(config).open();
                    PreparedStatement s = c.prepareStatement(
                            "UPDATE meterflow.api_keys SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
                s.setString(1, id);
                if (s.executeUpdate() == 0) {
                    spec.commandLine().getErr().println("meterflow: no active API key with id " + ApiServer.cut(id));
                    return 1;
                }
            }
            spec.commandLine().getOut().println("revoked API key " + id);
            return 0;
        }
    }
}
