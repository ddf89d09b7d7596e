package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoDashboardTest {

    @Test
    void oneAlignedRowPerCustomerWithTokensByModelAndCounters() {
        DemoDashboard.Snapshot s = new DemoDashboard.Snapshot(
                Map.of("acme", new java.util.TreeMap<>(Map.of("gpt-4o", new BigDecimal("1200"), "claude-sonnet", new BigDecimal("34")))),
                Map.of("acme", new BigDecimal("17"), "globex", new BigDecimal("3")),
                Map.of("acme", new BigDecimal("5")),
                Map.of("events_read", 30L, "meters.counted", 40L, "meters.duplicates", 2L, "events_rejected", 1L));
        String text = DemoDashboard.render(s, "HEADER", List.of("FOOTER"));
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("HEADER");
        String acme = lines.stream().filter(l -> l.startsWith("acme")).findFirst().orElseThrow();
        String globex = lines.stream().filter(l -> l.startsWith("globex")).findFirst().orElseThrow();
        assertThat(acme).contains("1,234 (claude-sonnet 34, gpt-4o 1,200)").endsWith("5");
        assertThat(globex.length()).isEqualTo(acme.length());
        assertThat(text).contains("read 30 | counted 40 | duplicates 2 | rejected 1").endsWith("FOOTER\n");
    }

    /** The counter and gauge meters: CPU seconds as counted, storage as GB-hours (GB-seconds / 3600). */
    @Test
    void infrastructureColumnsShowCpuSecondsAndStorageGbHours() {
        DemoDashboard.Snapshot s = new DemoDashboard.Snapshot(Map.of(), Map.of(), Map.of("acme", BigDecimal.ONE), Map.of(),
                Map.of("acme", new BigDecimal("1234.5")), Map.of("acme", new BigDecimal("5400"), "hooli", BigDecimal.TEN));
        String text = DemoDashboard.render(s, "H", List.of());
        assertThat(text).contains("CPU seconds").contains("storage GB-hours");
        String acme = text.lines().filter(l -> l.startsWith("acme")).findFirst().orElseThrow();
        assertThat(acme).contains("1,234.50").contains("1.50").endsWith("1");
        assertThat(text.lines().filter(l -> l.startsWith("hooli")).findFirst().orElseThrow()).contains("0.00");
    }

    @Test
    void emptyDatabaseSaysWhyNothingShowsYet() {
        DemoDashboard.Snapshot s = new DemoDashboard.Snapshot(Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(DemoDashboard.render(s, "H", List.of())).contains("no usage committed yet");
    }

    @Test
    void groupValueIsReadFromTheJsonObject() {
        assertThat(DemoDashboard.groupValue("{\"model\": \"gpt-4o\"}", "model")).isEqualTo("gpt-4o");
        assertThat(DemoDashboard.groupValue("{\"model\": null}", "model")).isEqualTo("-");
        assertThat(DemoDashboard.groupValue(null, "model")).isEqualTo("-");
    }
}
