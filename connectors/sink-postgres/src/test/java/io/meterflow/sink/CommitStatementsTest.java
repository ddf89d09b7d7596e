package io.meterflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.PostgresConnectionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each commit statement's column batch must bind exactly the arrays its unnest declares, in its
 * order; and a batch bound on a real PostgreSQL connection comes back out of unnest row for row.
 */
class CommitStatementsTest {
    private static final Pattern ARRAY_PARAMETER = Pattern.compile("\\?::(\\w+)\\[\\]");

    /** The array types a statement's unnest declares, in parameter order, int4/int8 for their aliases. */
    private static List<String> unnestTypes(String sql) {
        List<String> types = new ArrayList<>();
        Matcher m = ARRAY_PARAMETER.matcher(sql);
        while (m.find()) {
            types.add(canonical(m.group(1)));
        }
        return types;
    }

    private static List<String> batchTypes(ColumnBatch<?> batch) {
        return batch.arrayTypes().stream().map(CommitStatementsTest::canonical).toList();
    }

    private static String canonical(String type) {
        return switch (type) {
            case "int", "integer" -> "int4";
            case "bigint" -> "int8";
            default -> type;
        };
    }

    private static long parameters(String sql) {
        return sql.chars().filter(ch -> ch == '?').count();
    }

    @Test
    void everyStatementBindsTheArraysItsUnnestDeclares() {
        assertThat(batchTypes(CommitStatements.WINDOW_COLUMNS)).isEqualTo(unnestTypes(CommitStatements.UPSERT_WINDOWS));
        assertThat(batchTypes(CommitStatements.UNIQUE_VALUE_COLUMNS))
                .isEqualTo(unnestTypes(CommitStatements.INSERT_UNIQUE_VALUES));
        assertThat(batchTypes(CommitStatements.COUNTER_COLUMNS)).isEqualTo(unnestTypes(CommitStatements.ADD_COUNTERS));
        assertThat(batchTypes(CommitStatements.REJECTION_COLUMNS))
                .isEqualTo(unnestTypes(CommitStatements.INSERT_REJECTIONS));
        // Before the arrays: the generation (and for counters the subtask), bound one by one.
        assertThat(parameters(CommitStatements.UPSERT_WINDOWS)).isEqualTo(1 + CommitStatements.WINDOW_COLUMNS.width());
        assertThat(parameters(CommitStatements.INSERT_UNIQUE_VALUES))
                .isEqualTo(1 + CommitStatements.UNIQUE_VALUE_COLUMNS.width());
        assertThat(parameters(CommitStatements.ADD_COUNTERS)).isEqualTo(2 + CommitStatements.COUNTER_COLUMNS.width());
        assertThat(parameters(CommitStatements.INSERT_REJECTIONS))
                .isEqualTo(1 + CommitStatements.REJECTION_COLUMNS.width());
    }

    record Row(String text, Long big, Integer small) {}

    @Test
    void aBoundBatchComesBackOutOfUnnestRowForRow() throws Exception {
        ColumnBatch<Row> batch = ColumnBatch.<Row>of().text(Row::text).int8(Row::big).int4(Row::small);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(new Row(i % 3 == 0 ? null : "r\uFFFD'" + i, i % 4 == 1 ? null : Long.MIN_VALUE + i,
                    i % 5 == 2 ? null : Integer.MAX_VALUE - i));
        }
        PostgresConnectionSettings db = PostgresTestSupport.freshDatabase(CommitStatementsTest.class);
        List<Row> back = new ArrayList<>();
        try (Connection conn = db.open(); PreparedStatement ps = conn.prepareStatement(
                "SELECT d.t, d.b, d.s FROM unnest(?::text[], ?::bigint[], ?::int[]) WITH ORDINALITY AS d(t, b, s, n)"
                        + " ORDER BY d.n")) {
            for (List<Row> chunk : ColumnBatch.chunks(rows, 3)) {
                assertThat(batch.bind(conn, ps, 1, chunk)).isEqualTo(4);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        back.add(new Row(rs.getString(1), (Long) rs.getObject(2), (Integer) rs.getObject(3)));
                    }
                }
            }
        }
        assertThat(back).containsExactlyElementsOf(rows);
    }
}
