package io.meterflow.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void percentagesResolveAgainstTheLimitAndAmountsStandAlone() {
        assertThat(Threshold.parse("80%").resolve(new BigDecimal("1000"))).isEqualByComparingTo("800");
        assertThat(Threshold.parse(" 12.5 %").resolve(new BigDecimal("10"))).isEqualByComparingTo("1.25");
        assertThat(Threshold.parse("10000").resolve(null)).isEqualByComparingTo("10000");
        assertThat(Threshold.parse("80%").resolve(null)).as("a percentage of no limit is never crossed").isNull();
    }

    @Test
    void theTextIsCanonicalSoEqualThresholdsShareAnId() {
        assertThat(Threshold.parse("1E+4").text()).isEqualTo("10000");
        assertThat(Threshold.parse("10000.00").text()).isEqualTo("10000");
        assertThat(Threshold.parse("80.0%")).isEqualTo(Threshold.parse("80%"));
        assertThat(Threshold.parse("0").text()).isEqualTo("0");
    }

    @Test
    void badThresholdsAreRefusedWithTheTextShown() {
        assertThatThrownBy(() -> Threshold.parse("lots")).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> Threshold.parse("-5")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Threshold.parse("0%")).hasMessageContaining("above 0%");
        assertThatThrownBy(() -> Threshold.parse("")).hasMessageContaining("got nothing");
        assertThatThrownBy(() -> Threshold.parse("%")).hasMessageContaining("'%'");
    }
}
