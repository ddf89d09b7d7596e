package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.sink.Migrations;
import io.meterflow.config.PostgresConnectionSettings;
import io.meterflow.config.PostgresPassword;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Applies the schema migrations, typically as the schema owner, so the job can run without DDL rights. */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Create or upgrade the PostgreSQL schema (Flyway migrations in sql/), then exit.",
            "",
            "Run it as the schema owner (--user, with --password-env or --password-file); the job then runs as a"
                    + " meterflow_writer login without DDL rights, with postgres.migrate: false in its config."
        })
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    ConfigFileOption config;

    @Option(names = "--user", paramLabel = "ROLE", description = "Log in as this owner role (default: postgres.user).")
    String user;

    @Option(names = "--password-env", paramLabel = "NAME", description = "The owner's password is in this environment variable.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The owner's password is in this file.")
    Path passwordFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (passwordEnv != null && passwordFile != null) {
            throw new CliException("give --password-env or --password-file, not both");
        }
        MeterflowConfig.Postgres pg = ConfigFile.load(config.path()).config().postgres();
        PostgresConnectionSettings settings = pg.connectionSettings();
        if (user != null || passwordEnv != null || passwordFile != null) {
            PostgresPassword password;
            if (passwordEnv != null) {
                if (System.getenv(passwordEnv) == null) {
                    throw new CliException("environment variable " + passwordEnv + " (--password-env) is not set");
                }
                password = PostgresPassword.fromEnv(passwordEnv);
            } else if (passwordFile != null) {
                password = PostgresPassword.fromFile(passwordFile.toString());
            } else {
                password = PostgresPassword.none(); // another role's password is not the job's: ~/.pgpass or trust
            }
            settings = settings.withLogin(user != null ? user : pg.user(), password);
        }
        try {
            Migrations.apply(settings);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("PostgreSQL schema meterflow at " + pg.redactedUrl() + " is up to date (migrated as "
                + (settings.user() == null ? "the URL's user" : settings.user()) + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
