package io.meterflow.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.event.RejectionReason;
import org.junit.jupiter.api.Test;

class MetricNamesTest {
    @Test
    void everyRejectionReasonIsItsOwnLabel() {
        for (RejectionReason r : RejectionReason.values()) {
            assertThat(MetricNames.reason(r.name())).isEqualTo(r.name());
        }
        assertThat(MetricNames.reasons()).doesNotHaveDuplicates()
                .hasSize(RejectionReason.values().length + 1)
                .contains(MetricNames.OTHER_REASON);
    }

    @Test
    void unknownReasonsShareOneLabelSoTheSeriesStayBounded() {
        assertThat(MetricNames.reason("SOMETHING_NEW")).isEqualTo(MetricNames.OTHER_REASON);
        assertThat(MetricNames.reason("malformed_json")).isEqualTo(MetricNames.OTHER_REASON);
        assertThat(MetricNames.reason(null)).isEqualTo(MetricNames.OTHER_REASON);
        assertThat(MetricNames.reasons()).containsAll(
                java.util.List.of(MetricNames.reason("x"), MetricNames.reason(RejectionReason.TOO_LARGE.name())));
    }
}
