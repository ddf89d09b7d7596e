package io.meterflow.sink;

import java.lang.reflect.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rows of one multi-row statement as parallel arrays, one per column, which the statement unnests
 * server-side: one fixed SQL text whatever the row count, every value a bind parameter.
 *
 * <p>Immutable: each column method returns a new batch, so a statement's columns are a constant.
 *
 * @param <R> the row type the columns are read from
 */
final class ColumnBatch<R> {

    private record Column<R, V>(String arrayType, Class<V> javaType, Function<? super R, ? extends V> value) {}

    private final List<Column<R, ?>> columns;

    private ColumnBatch(List<Column<R, ?>> columns) {
        this.columns = List.copyOf(columns);
    }

    static <R> ColumnBatch<R> of() {
        return new ColumnBatch<>(List.of());
    }

    ColumnBatch<R> text(Function<? super R, String> value) {
        return with(new Column<>("text", String.class, value));
    }

    ColumnBatch<R> bigint(Function<? super R, Long> value) {
        return with(new Column<>("bigint", Long.class, value));
    }

    ColumnBatch<R> int8(Function<? super R, Long> value) {
        return with(new Column<>("int8", Long.class, value));
    }

    ColumnBatch<R> int4(Function<? super R, Integer> value) {
        return with(new Column<>("int4", Integer.class, value));
    }

    private ColumnBatch<R> with(Column<R, ?> column) {
        List<Column<R, ?>> more = new ArrayList<>(columns);
        more.add(column);
        return new ColumnBatch<>(more);
    }

    int width() {
        return columns.size();
    }

    /** The array type each column is bound as, in parameter order. */
    List<String> arrayTypes() {
        return columns.stream().map(Column::arrayType).toList();
    }

    /**
     * One array per column, in column order, each typed as its column ({@code String[]},
     * {@code Long[]}, {@code Integer[]}), element i read from row i.
     */
    Object[][] arrays(List<? extends R> rows) {
        Object[][] out = new Object[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            out[c] = column(columns.get(c), rows);
        }
        return out;
    }

    private static <R, V> V[] column(Column<R, V> column, List<? extends R> rows) {
        @SuppressWarnings("unchecked")
        V[] values = (V[]) Array.newInstance(column.javaType(), rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = column.value().apply(rows.get(i));
        }
        return values;
    }

    /**
     * Binds the rows' column arrays as parameters {@code first}, {@code first + 1}, ...
     *
     * @return the index of the parameter after the last one bound
     */
    int bind(Connection conn, PreparedStatement ps, int first, List<? extends R> rows) throws SQLException {
        Object[][] arrays = arrays(rows);
        int p = first;
        for (int c = 0; c < arrays.length; c++) {
            ps.setArray(p++, conn.createArrayOf(columns.get(c).arrayType(), arrays[c]));
        }
        return p;
    }

    /** The rows cut into consecutive chunks of {@code size} (the last one shorter), in order. */
    static <T> List<List<T>> chunks(List<T> rows, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            out.add(rows.subList(from, Math.min(rows.size(), from + size)));
        }
        return out;
    }
}
