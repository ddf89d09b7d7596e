package io.meterflow.cli;

import io.meterflow.api.LimitChangeException;
import io.meterflow.api.LimitChanges;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.limit.Limit;
import io.meterflow.sink.LimitStore;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./meterflow limits set|list|delete|reset}: usage limits per (subject, meter), written to
 * PostgreSQL (the readable copy) and to the compacted limits topic the job reads, in the order
 * {@link LimitChanges} describes.
 */
@Command(
        name = "limits",
        mixinStandardHelpOptions = true,
        description = "Set, list, delete and reset usage limits; the running job picks changes up without a restart.",
        subcommands = {LimitsCommand.SetLimit.class, LimitsCommand.ListLimits.class, LimitsCommand.Delete.class, LimitsCommand.Reset.class})
final class LimitsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (set, list, delete, reset)");
    }

    /** Whose limit: one subject's, or the meter's default. */
    static final class Whose {
        @Option(names = "--subject", paramLabel = "SUBJECT", required = true, description = "The subject (customer).")
        String subject;

        @Option(names = "--default", required = true, description = "The meter's default, for subjects without their own.")
        boolean isDefault;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create or change a limit, in PostgreSQL and on the limits topic; the running job re-evaluates the subject at once.")
    static final class SetLimit implements Callable<Integer> {
        @Mixin
        ConfigFileOption config;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Whose whose;

        @Option(names = "--meter", required = true, paramLabel = "METER", description = "The meter's slug.")
        String meter;

        @Option(names = "--limit", required = true, paramLabel = "N", description = "Usage allowed per period (a number >= 0).")
        String limit;

        @Option(names = "--period", paramLabel = "UNIT", description = "MONTH (default), WEEK, DAY or HOUR.")
        String period;

        @Option(names = "--tz", paramLabel = "ZONE", description = "IANA time zone of the period (default UTC).")
        String zone;

        @Option(names = "--anchor", paramLabel = "LOCAL", description = "Local date-time periods renew at, e.g. 2026-01-17T09:00"
                + " (default: the 1st at 00:00).")
        String anchor;

        @Option(names = "--new-subject", description = "Allow a subject without recorded usage yet.")
        boolean newSubject;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Limit l;
            try {
                l = LimitChanges.limit(meter, whose.isDefault ? null : whose.subject, limit, period, zone, anchor);
            } catch (LimitChangeException e) {
                throw new CliException(e.getMessage());
            }
            MeterflowConfig c = ConfigFile.load(config.path()).config();
            run(c, changes -> changes.set(l, newSubject));
            spec.commandLine().getOut().println("limit " + describe(l) + " set");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, description = "List limits (defaults first).")
    static final class ListLimits implements Callable<Integer> {
        @Mixin
        ConfigFileOption config;

        @Option(names = "--meter", paramLabel = "METER", description = "Only this meter.")
        String meter;

        @Option(names = "--subject", paramLabel = "SUBJECT", description = "Only this subject (and the defaults that apply).")
        String subject;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MeterflowConfig c = ConfigFile.load(config.path()).config();
            List<Limit> limits = new LimitStore(c.postgres().connectionSettings()).list(meter, subject);
            var out = spec.commandLine().getOut();
            out.println(String.format("%-24s %-32s %16s %-6s %-20s %s", "METER", "SUBJECT", "LIMIT", "PERIOD", "TIME ZONE", "ANCHOR"));
            for (Limit l : limits) {
                out.println(String.format("%-24s %-32s %16s %-6s %-20s %s", l.meter(), l.isDefault() ? "(default)" : l.subject(),
                        l.value().toPlainString(), l.schedule().unit(), l.schedule().zone().getId(), l.schedule().anchor()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Delete a limit; the subject falls back to the meter's default (if any).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        ConfigFileOption config;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Whose whose;

        @Option(names = "--meter", required = true, paramLabel = "METER", description = "The meter's slug.")
        String meter;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            MeterflowConfig c = ConfigFile.load(config.path()).config();
            String subject = whose.isDefault ? null : whose.subject;
            boolean[] deleted = new boolean[1];
            run(c, changes -> deleted[0] = changes.delete(meter, subject));
            if (!deleted[0]) {
                throw new CliException("no " + (subject == null ? "default limit" : "limit for subject '" + subject + "'")
                        + " on meter '" + meter + "'");
            }
            spec.commandLine().getOut().println((subject == null ? "default limit" : "limit of " + subject) + " on " + meter + " deleted");
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Start a new usage period for a subject now (or --at), with a reset notification.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        ConfigFileOption config;

        @Option(names = "--subject", required = true, paramLabel = "SUBJECT", description = "The subject (customer).")
        String subject;

        @Option(names = "--meter", required = true, paramLabel = "METER", description = "The meter's slug.")
        String meter;

        @Option(names = "--at", paramLabel = "TIME", description = "RFC 3339 instant the new period starts (default: now).")
        String at;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Instant when;
            try {
                when = at == null ? Instant.now() : OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                throw new CliException("--at must be an RFC 3339 time such as 2026-12-01T09:00:00+01:00, got '" + at + "'");
            }
            MeterflowConfig c = ConfigFile.load(config.path()).config();
            run(c, changes -> changes.reset(meter, subject, when));
            spec.commandLine().getOut().println("usage of " + subject + " on " + meter + " reset at " + when);
            return 0;
        }
    }

    interface Action {
        void apply(LimitChanges changes) throws Exception;
    }

    private static String describe(Limit l) {
        return (l.isDefault() ? "default" : l.subject()) + " / " + l.meter() + " = " + l.value().toPlainString() + " per "
                + l.schedule().unit() + " (" + l.schedule().zone().getId() + ", from " + l.schedule().anchor() + ")";
    }

    /** Runs one change through the shared {@link LimitChanges} (PostgreSQL, then the compacted limits topic). */
    static void run(MeterflowConfig c, Action action) throws Exception {
        try (Admin admin = Services.kafkaAdmin(c)) {
            LimitChanges.ensureCompacted(admin, c);
        } catch (LimitChangeException e) {
            throw new CliException(e.getMessage(), e);
        }
        try (LimitChanges changes = LimitChanges.open(c, "--new-subject")) {
            action.apply(changes);
        } catch (LimitChangeException e) {
            throw new CliException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new CliException("PostgreSQL at " + c.postgres().redactedUrl() + ": " + Services.firstLine(e.getMessage())
                    + " (nothing was changed)", e);
        }
    }
}
