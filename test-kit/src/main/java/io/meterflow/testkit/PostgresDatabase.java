package io.meterflow.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database of its own for one test, on whichever PostgreSQL server {@link TestServices} chose. */
public record PostgresDatabase(String jdbcUrl, String user, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The database name, from the JDBC URL. */
    public String name() {
        return TestServices.databaseOf(jdbcUrl);
    }
}
