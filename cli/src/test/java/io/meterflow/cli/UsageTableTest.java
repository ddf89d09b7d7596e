package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTableTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T11:00:00Z");

    private static Map<String, String> groups(String model) {
        Map<String, String> m = new HashMap<>();
        m.put("model", model);
        return m;
    }

    private final List<UsageTable.Row> rows = List.of(
            new UsageTable.Row("acme", groups("gpt-4o"), T0, T1, new BigDecimal("12345.50")),
            new UsageTable.Row("globex, inc", groups(null), T0, T1, new BigDecimal("0.3")));

    @Test
    void tableAlignsColumnsAndRightAlignsValues() {
        String t = UsageTable.format(UsageTable.Format.TABLE, List.of("model"), rows, ZoneOffset.UTC);
        List<String> lines = t.lines().toList();
        assertThat(lines.get(0)).startsWith("subject").contains("model").endsWith("value");
        assertThat(lines.get(1)).matches("[- ]+");
        assertThat(lines.get(2)).startsWith("acme").contains("gpt-4o").contains("2024-05-01T10:00:00Z").endsWith("12345.50");
        assertThat(lines.get(3)).contains("(null)").endsWith("0.3");
        assertThat(lines.get(2).length()).isEqualTo(lines.get(3).length()); // same width: aligned
        assertThat(lines.get(4)).isEqualTo("(2 rows)");
    }

    @Test
    void timesAreShownInTheQueryZone() {
        String t = UsageTable.format(UsageTable.Format.TABLE, List.of(), rows.subList(0, 1), ZoneId.of("Europe/Paris"));
        assertThat(t).contains("2024-05-01T12:00:00+02:00").contains("2024-05-01T13:00:00+02:00");
    }

    @Test
    void csvQuotesOnlyWhenNeededAndLeavesNullEmpty() {
        String csv = UsageTable.format(UsageTable.Format.CSV, List.of("model"), rows, ZoneOffset.UTC);
        assertThat(csv).isEqualTo(
                "subject,model,window_start,window_end,value\r\n"
                        + "acme,gpt-4o,2024-05-01T10:00:00Z,2024-05-01T11:00:00Z,12345.50\r\n"
                        + "\"globex, inc\",,2024-05-01T10:00:00Z,2024-05-01T11:00:00Z,0.3\r\n");
    }

    @Test
    void jsonKeepsExactDecimalsAndNulls() throws Exception {
        String json = UsageTable.format(UsageTable.Format.JSON, List.of("model"), rows, ZoneOffset.UTC);
        JsonNode a = new ObjectMapper().readTree(json);
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get(0).get("subject").asText()).isEqualTo("acme");
        assertThat(a.get(0).get("groupBy").get("model").asText()).isEqualTo("gpt-4o");
        assertThat(a.get(0).get("windowStart").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(json).contains("12345.50").contains("0.3");
        assertThat(a.get(1).get("groupBy").get("model").isNull()).isTrue();
    }

    @Test
    void emptyResultIsAHeaderAndZeroRows() {
        assertThat(UsageTable.format(UsageTable.Format.TABLE, List.of(), List.of(), ZoneOffset.UTC)).endsWith("(0 rows)\n");
        assertThat(UsageTable.format(UsageTable.Format.JSON, List.of(), List.of(), ZoneOffset.UTC).trim()).isEqualTo("[ ]");
    }

    @Test
    void groupValuesJsonIsParsed() {
        assertThat(QueryCommand.groups("{\"model\": \"gpt-4o\", \"region\": null, \"n\": 3}"))
                .containsEntry("model", "gpt-4o").containsEntry("region", null).containsEntry("n", "3");
    }
}
