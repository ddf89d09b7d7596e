package io.meterflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.meter.MeterDefinition;
import io.meterflow.series.FirstSample;
import io.meterflow.series.GaugeUnit;
import io.meterflow.series.SeriesAggregation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The series keys of a meter: defaults, explicit values, and a clear problem for each misuse. */
class SeriesMeterConfigTest {
    private static final String HEAD = String.join("\n",
            "kafka: { bootstrapServers: 'k:9092', topic: events }",
            "postgres: { url: 'jdbc:postgresql://db/m' }",
            "meters:", "");

    private static List<MeterDefinition> meters(String... lines) {
        return MeterflowConfig.parse(HEAD + String.join("\n", lines) + "\n", Map.of()).meters();
    }

    private static List<String> problems(String... lines) {
        return catchThrowableOfType(ConfigException.class,
                () -> MeterflowConfig.parse(HEAD + String.join("\n", lines) + "\n", Map.of())).problems();
    }

    @Test
    void seriesMetersGetTheDocumentedDefaults() {
        List<MeterDefinition> m = meters(
                "  - { slug: cpu_seconds, eventType: pod.cpu, aggregation: INCREASE, valueProperty: $.cpu }",
                "  - { slug: bytes_stored, eventType: pod.disk, aggregation: TIME_WEIGHTED, valueProperty: $.bytes }");
        MeterDefinition cpu = m.get(0);
        assertThat(cpu.aggregation()).isEqualTo(Aggregation.INCREASE);
        assertThat(cpu.seriesBy()).isNull(); // the event's source
        assertThat(cpu.series().aggregation()).isEqualTo(SeriesAggregation.INCREASE);
        assertThat(cpu.series().lateness()).isEqualTo(Duration.ofHours(2));
        assertThat(cpu.series().firstSample()).isEqualTo(FirstSample.BASELINE);
        assertThat(cpu.unit()).isNull();
        MeterDefinition disk = m.get(1);
        assertThat(disk.series().aggregation()).isEqualTo(SeriesAggregation.TIME_WEIGHTED);
        assertThat(disk.series().maxHold()).isEqualTo(Duration.ofMinutes(5));
        assertThat(disk.series().lateness()).isEqualTo(Duration.ofHours(2));
        assertThat(disk.unit()).isEqualTo(GaugeUnit.INTEGRAL);
    }

    @Test
    void explicitSeriesKeysAreRead() {
        List<MeterDefinition> m = meters(
                "  - { slug: cpu_seconds, eventType: pod.cpu, aggregation: INCREASE, valueProperty: $.cpu,",
                "      seriesBy: $.pod, firstSample: count, seriesLateness: 30m, windowSize: HOUR }",
                "  - { slug: seats, eventType: seats, aggregation: TIME_WEIGHTED, valueProperty: $.n,",
                "      seriesBy: $.host.name, maxHold: 90s, seriesLateness: 0s, unit: average }");
        MeterDefinition cpu = m.get(0);
        assertThat(cpu.seriesBy().text()).isEqualTo("$.pod");
        assertThat(cpu.series().firstSample()).isEqualTo(FirstSample.COUNT);
        assertThat(cpu.series().lateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(cpu.series().windowSize()).isEqualTo(cpu.windowSize());
        assertThat(cpu.readsProperties()).isTrue();
        MeterDefinition seats = m.get(1);
        assertThat(seats.seriesBy().text()).isEqualTo("$.host.name");
        assertThat(seats.series().maxHold()).isEqualTo(Duration.ofSeconds(90));
        assertThat(seats.series().lateness()).isZero();
        assertThat(seats.unit()).isEqualTo(GaugeUnit.AVERAGE);
    }

    @Test
    void nonSeriesMetersHaveNoSeriesSettings() {
        MeterDefinition m = meters("  - { slug: calls, eventType: api.request, aggregation: COUNT }").get(0);
        assertThat(m.series()).isNull();
        assertThat(m.seriesBy()).isNull();
        assertThat(m.unit()).isNull();
    }

    @Test
    void everyMisuseIsReportedWithTheMeterAndTheKey() {
        List<String> p = problems(
                "  - { slug: tokens, eventType: t, aggregation: SUM, valueProperty: $.n, seriesBy: $.pod,",
                "      seriesLateness: 1h, firstSample: count, maxHold: 1m, unit: average }",
                "  - { slug: gauge, eventType: g, aggregation: TIME_WEIGHTED, valueProperty: $.n, firstSample: count,",
                "      maxHold: 0s, unit: mean, seriesBy: pod }",
                "  - { slug: counter, eventType: c, aggregation: INCREASE, valueProperty: $.n, maxHold: 1m,",
                "      firstSample: zero, seriesLateness: 400d, unit: integral }",
                "  - { slug: counter2, eventType: c, aggregation: INCREASE, seriesLateness: soon }");
        assertThat(p).contains(
                "meters[0] (tokens).seriesBy: only INCREASE and TIME_WEIGHTED meters have it, not SUM",
                "meters[0] (tokens).seriesLateness: only INCREASE and TIME_WEIGHTED meters have it, not SUM",
                "meters[0] (tokens).firstSample: only INCREASE meters have it, not SUM",
                "meters[0] (tokens).maxHold: only TIME_WEIGHTED meters have it, not SUM",
                "meters[0] (tokens).unit: only TIME_WEIGHTED meters have it, not SUM",
                "meters[1] (gauge).firstSample: only INCREASE meters have it, not TIME_WEIGHTED",
                "meters[1] (gauge).maxHold: must be greater than zero",
                "meters[1] (gauge).unit: must be integral | average, got 'mean'",
                "meters[2] (counter).maxHold: only TIME_WEIGHTED meters have it, not INCREASE",
                "meters[2] (counter).unit: only TIME_WEIGHTED meters have it, not INCREASE",
                "meters[2] (counter).firstSample: must be baseline | count, got 'zero'",
                "meters[3] (counter2).valueProperty: is required for INCREASE");
        assertThat(p).anyMatch(s -> s.startsWith("meters[1] (gauge).seriesBy: must start with $"));
        assertThat(p).anyMatch(s -> s.startsWith("meters[2] (counter).seriesLateness: must be between 0 and"));
        assertThat(p).anyMatch(s -> s.startsWith("meters[3] (counter2).seriesLateness: must be a duration"));
    }

    @Test
    void theAggregationHintListsTheSeriesAggregations() {
        assertThat(problems("  - { slug: x, eventType: t, aggregation: GAUGE, valueProperty: $.n }"))
                .contains("meters[0] (x).aggregation: must be one of SUM COUNT AVG MIN MAX UNIQUE_COUNT LATEST"
                        + " INCREASE TIME_WEIGHTED, got 'GAUGE'");
    }
}
