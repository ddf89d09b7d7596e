package io.meterflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs {@code meterflow.query_usage} and prints the rows. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Query usage (meterflow.query_usage) as a table, CSV or JSON.", "",
                "Runs meterflow.query_usage, the same function SQL users call, with bind parameters."},
        footer = {"", "Example: ./meterflow query -c meterflow.yaml --meter llm_tokens --from now-1d --to now --window HOUR"
                + " --tz Europe/Paris --group-by model"})
final class QueryCommand implements Callable<Integer> {
    static final String SQL = "SELECT subject, group_values::text, window_start, window_end, value"
            + " FROM meterflow.query_usage(?, ?, ?, ?, ?, ?, ?)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ConfigFileOption config;

    @Option(names = {"-m", "--meter"}, required = true, paramLabel = "SLUG", description = "Meter slug.")
    String meter;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start (inclusive): RFC 3339, a date (in --tz), now, now-2h.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "End (exclusive), same forms as --from.")
    String to;

    @Option(names = {"-w", "--window"}, paramLabel = "SIZE",
            description = "Roll up to MINUTE, HOUR, DAY or MONTH windows (default: one total per subject and group).")
    String window;

    @Option(names = "--tz", paramLabel = "ZONE", defaultValue = "UTC",
            description = "IANA time zone for window boundaries and dates (default: ${DEFAULT-VALUE}).")
    String tz;

    @Option(names = {"-s", "--subject"}, paramLabel = "SUBJECT", description = "Only this subject.")
    String subject;

    @Option(names = {"-g", "--group-by"}, split = ",", paramLabel = "KEY", description = "Group by these groupBy keys of the meter.")
    List<String> groupBy = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    UsageTable.Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        ZoneId zone;
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new CliException("unknown time zone '" + tz + "' (use an IANA name such as Europe/Paris or UTC)");
        }
        Instant start = TimeArgs.parse(from, zone, Clock.systemUTC());
        Instant end = TimeArgs.parse(to, zone, Clock.systemUTC());
        if (!end.isAfter(start)) {
            throw new CliException("--to (" + end + ") must be after --from (" + start + ")");
        }
        if (window != null && !window.toUpperCase().matches("MINUTE|HOUR|DAY|MONTH")) {
            throw new CliException("--window must be MINUTE, HOUR, DAY or MONTH, got '" + window + "'");
        }
        ConfigFile file = ConfigFile.load(config.path());
        if (file.config().meters().stream().noneMatch(m -> m.slug().equals(meter))) {
            spec.commandLine().getErr().println("note: meter '" + meter + "' is not in " + config + "; querying anyway");
        }
        List<UsageTable.Row> rows = new ArrayList<>();
        try (Connection c = Services.postgresReader(file.config()); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, meter);
            ps.setObject(2, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
            ps.setString(4, window == null ? null : window.toUpperCase());
            ps.setString(5, zone.getId());
            ps.setString(6, subject);
            ps.setArray(7, c.createArrayOf("text", groupBy.toArray(new String[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageTable.Row(rs.getString(1), groups(rs.getString(2)),
                            instant(rs.getObject(3, OffsetDateTime.class)), instant(rs.getObject(4, OffsetDateTime.class)),
                            rs.getBigDecimal(5)));
                }
            }
        } catch (SQLException e) {
            throw new CliException("query_usage failed: " + Services.firstLine(e.getMessage()), e);
        }
        spec.commandLine().getOut().print(UsageTable.format(format, groupBy, rows, zone));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static Map<String, String> groups(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        if (json == null) {
            return m;
        }
        try {
            JsonNode n = JSON.readTree(json);
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null
                    : e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        } catch (java.io.IOException e) {
            m.put("?", json);
        }
        return m;
    }
}
