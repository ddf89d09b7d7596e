package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Replay offsets as the launcher passes them: exact, or an error that says which entry is wrong. */
class JobArgumentsTest {

    @Test
    void offsetsParseInOrder() {
        assertThat(JobArguments.parseOffsets("0:120,1:98")).containsExactly(Map.entry(0, 120L), Map.entry(1, 98L));
        assertThat(JobArguments.parseOffsets(" 3 : 0 , 1:9223372036854775807 "))
                .containsExactly(Map.entry(3, 0L), Map.entry(1, Long.MAX_VALUE));
        assertThat(JobArguments.parseOffsets(null)).isNull();
        assertThat(JobArguments.parseOffsets("  ")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0:120,         | an entry is empty",
            "0=120          | '0=120' is not partition:offset",
            "0:1:2          | '0:1:2' is not partition:offset",
            "a:1            | partition 'a' is not a whole number of 0 or more",
            "0:x            | offset 'x' is not a whole number of 0 or more",
            "0:-5           | offset '-5' is not a whole number of 0 or more",
            "-1:5           | partition '-1' is not a whole number of 0 or more",
            "0:1.5          | offset '1.5' is not a whole number of 0 or more",
            "0:١٢           | offset '١٢' is not a whole number of 0 or more",
            "2147483648:0   | partition 2147483648 is larger than 2147483647",
            "0:99999999999999999999 | offset 99999999999999999999 is larger than 9223372036854775807",
            "0:1,0:2        | partition 0 is listed twice"})
    void badOffsetsSayWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> JobArguments.parseOffsets(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad partition:offset list '" + text + "': " + why)
                .hasMessageEndingWith("(expected partition:offset[,partition:offset...], e.g. 0:120,1:98)");
    }
}
