package io.meterflow.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.aggregate.Aggregation;
import io.meterflow.aggregate.UsageRecord;
import io.meterflow.aggregate.WindowSize;
import io.meterflow.event.CloudEventDecoder;
import io.meterflow.event.DecoderSettings;
import io.meterflow.event.IngestRecord;
import io.meterflow.event.RejectedEvent;
import io.meterflow.event.RejectionReason;
import io.meterflow.event.UsageEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the catalog names a sample's series, and that the streaming decoder keeps what it needs. */
class SeriesMeterCatalogTest {
    private static final MeterDefinition BY_POD = new MeterDefinition("cpu_seconds", "pod.cpu", Aggregation.INCREASE,
            "$.cpu", null, WindowSize.MINUTE, new SeriesOptions("$.pod", null, null, null, null));
    private static final MeterDefinition BY_SOURCE = new MeterDefinition("disk", "pod.cpu", Aggregation.TIME_WEIGHTED,
            "$.bytes", null, WindowSize.MINUTE, SeriesOptions.NONE);

    /** Decodes like the job does: only the catalog's data paths are kept. */
    private static List<UsageRecord> meter(MeterCatalog catalog, String data) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/node/7\",\"type\":\"pod.cpu\","
                + "\"subject\":\"acme\",\"time\":\"2024-05-01T12:00:00Z\",\"data\":" + data + "}";
        IngestRecord record = new IngestRecord("events", 0, 42L, 0L, json.getBytes(StandardCharsets.UTF_8));
        List<UsageRecord> out = new ArrayList<>();
        new CloudEventDecoder(DecoderSettings.defaults()).withDataPaths(catalog.dataPaths())
                .decode(record, new CloudEventDecoder.Output() {
                    @Override
                    public void event(UsageEvent e) {
                        catalog.meter(e, out::add);
                    }

                    @Override
                    public void rejected(RejectedEvent r) {
                        throw new AssertionError(r.toString());
                    }
                });
        return out;
    }

    @Test
    void theSeriesIsTheSeriesByValueOrTheEventsSource() {
        List<UsageRecord> out = meter(new MeterCatalog(List.of(BY_POD, BY_SOURCE)),
                "{\"cpu\":12.5,\"bytes\":100,\"pod\":\"web-1\",\"other\":[1,2,3]}");
        assertThat(out).hasSize(2);
        assertThat(out.get(0).kind).isEqualTo(UsageRecord.Kind.METERED);
        assertThat(out.get(0).series).isEqualTo("web-1");
        assertThat(out.get(0).value).isEqualByComparingTo(new BigDecimal("12.5"));
        assertThat(out.get(1).series).isEqualTo("/node/7");
    }

    @Test
    void aNumericSeriesByValueIsItsJsonText() {
        assertThat(meter(new MeterCatalog(List.of(BY_POD)), "{\"cpu\":1,\"pod\":7}").get(0).series).isEqualTo("7");
    }

    @Test
    void theDecoderKeepsTheSeriesByPath() {
        assertThat(new MeterCatalog(List.of(BY_POD)).dataPaths().toString()).contains("pod");
        assertThat(new MeterCatalog(List.of(BY_SOURCE)).dataPaths().toString()).doesNotContain("pod");
    }

    @Test
    void aSampleCarriesItsTooLateRejectionReadyForTheSeriesStage() {
        UsageRecord r = meter(new MeterCatalog(List.of(BY_POD)), "{\"cpu\":1,\"pod\":\"p\"}").get(0);
        assertThat(r.rejection.reasonCode()).isEqualTo(RejectionReason.TOO_LATE_FOR_SERIES);
        assertThat(r.rejection.meter).isEqualTo("cpu_seconds");
        assertThat(r.rejection.topic).isEqualTo("events");
        assertThat(r.rejection.offset).isEqualTo(42L);
        assertThat(r.rejection.eventId).isEqualTo("e1");
        assertThat(new String(r.rejection.payload, StandardCharsets.UTF_8)).contains("\"pod\":\"p\"");
    }

    @Test
    void aMissingSeriesByValueIsARecordedRejection() {
        UsageRecord r = meter(new MeterCatalog(List.of(BY_POD)), "{\"cpu\":1}").get(0);
        assertThat(r.kind).isEqualTo(UsageRecord.Kind.REJECTED);
        assertThat(r.rejection.reasonCode()).isEqualTo(RejectionReason.MISSING_VALUE);
        assertThat(r.rejection.detail).isEqualTo("seriesBy $.pod is absent or null");
    }

    @Test
    void nonSeriesMetersCarryNoSeriesAndNoRejection() {
        MeterDefinition sum = new MeterDefinition("cpu", "pod.cpu", Aggregation.SUM, "$.cpu", null, WindowSize.MINUTE);
        UsageRecord r = meter(new MeterCatalog(List.of(sum)), "{\"cpu\":1}").get(0);
        assertThat(r.series).isNull();
        assertThat(r.rejection).isNull();
    }
}
