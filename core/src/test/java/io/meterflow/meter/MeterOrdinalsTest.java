package io.meterflow.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterOrdinalsTest {

    @Test
    void twoMetersCannotShareANumber() {
        assertThatThrownBy(() -> MeterOrdinals.of(Map.of("a", 1, "b", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share ordinal 1");
        assertThatThrownBy(() -> MeterOrdinals.of(Map.of("a", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void unknownSlugsHaveNoNumber() {
        MeterOrdinals o = MeterOrdinals.inOrder(List.of("calls", "tokens", "calls"));
        assertThat(o.ordinal("calls")).isZero();
        assertThat(o.ordinal("tokens")).isEqualTo(1);
        assertThat(o.ordinal("bytes")).isEqualTo(-1);
        assertThat(o.covers(List.of("tokens"))).isTrue();
        assertThat(o.covers(List.of("tokens", "bytes"))).isFalse();
    }
}
