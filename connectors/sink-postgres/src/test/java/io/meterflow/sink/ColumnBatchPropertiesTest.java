package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A multi-row statement sees its rows only as column arrays: whatever the rows (nulls included),
 * reading row i back across the arrays must give row i, and chunking must keep every row once, in order.
 */
class ColumnBatchPropertiesTest {

    record Row(String name, Long big, Integer small, String other) {}

    private static final ColumnBatch<Row> COLUMNS = ColumnBatch.<Row>of()
            .text(Row::name)
            .bigint(Row::big)
            .int4(Row::small)
            .int8(Row::big)
            .text(Row::other);

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<Row> row = Combinators.combine(
                Arbitraries.strings().ofMaxLength(6).injectNull(0.2),
                Arbitraries.longs().injectNull(0.2),
                Arbitraries.integers().injectNull(0.2),
                Arbitraries.strings().withChars('a', '\u0000', '\uFFFD').ofMaxLength(3).injectNull(0.2))
                .as(Row::new);
        return row.list().ofMaxSize(50);
    }

    @Property(tries = 300)
    void everyRowRoundTripsThroughTheColumnArrays(@ForAll("rows") List<Row> rows) {
        Object[][] arrays = COLUMNS.arrays(rows);

        assertThat(arrays).hasNumberOfRows(COLUMNS.width());
        for (Object[] column : arrays) {
            assertThat(column).hasSize(rows.size());
        }
        List<Row> back = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            back.add(new Row((String) arrays[0][i], (Long) arrays[1][i], (Integer) arrays[2][i], (String) arrays[4][i]));
            assertThat(arrays[3][i]).isEqualTo(rows.get(i).big());
        }
        assertThat(back).containsExactlyElementsOf(rows);
    }

    @Property(tries = 50)
    void arraysAreTypedAsTheirColumnsForTheDriver(@ForAll("rows") List<Row> rows) {
        Object[][] arrays = COLUMNS.arrays(rows);

        assertThat(arrays[0]).isExactlyInstanceOf(String[].class);
        assertThat(arrays[1]).isExactlyInstanceOf(Long[].class);
        assertThat(arrays[2]).isExactlyInstanceOf(Integer[].class);
        assertThat(arrays[3]).isExactlyInstanceOf(Long[].class);
        assertThat(COLUMNS.arrayTypes()).containsExactly("text", "bigint", "int4", "int8", "text");
    }

    @Property(tries = 300)
    void chunksKeepEveryRowOnceInOrderAndAreFullButTheLast(
            @ForAll @IntRange(max = 120) int n, @ForAll @IntRange(min = 1, max = 25) int size) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(i);
        }
        List<List<Integer>> chunks = ColumnBatch.chunks(rows, size);

        assertThat(chunks).hasSize((n + size - 1) / size);
        List<Integer> joined = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            List<Integer> chunk = chunks.get(c);
            assertThat(chunk).isNotEmpty().hasSizeLessThanOrEqualTo(size);
            if (c < chunks.size() - 1) {
                assertThat(chunk).hasSize(size);
            }
            joined.addAll(chunk);
        }
        assertThat(joined).containsExactlyElementsOf(rows);
    }
}
