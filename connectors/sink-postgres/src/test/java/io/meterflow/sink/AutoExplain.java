package io.meterflow.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The plans PostgreSQL chose for a query, nested statements included (auto_explain, as notices). */
final class AutoExplain {
    private AutoExplain() {}

    /** Runs {@code sql} with auto_explain on and returns the plans of the statements it ran. */
    static List<String> plans(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("LOAD 'auto_explain'");
            st.execute("SET auto_explain.log_min_duration = 0");
            st.execute("SET auto_explain.log_nested_statements = on");
            st.execute("SET auto_explain.log_level = 'notice'");
            st.execute("SET client_min_messages = notice");
            st.executeQuery(sql).close();
            List<String> out = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                out.add(w.getMessage());
            }
            st.execute("SET auto_explain.log_min_duration = -1");
            return out;
        }
    }
}
