package io.dmskit.mysql;

import java.io.InputStream;
import java.sql.SQLException;
import java.sql.Statement;

/** {@link LocalInfile} for MariaDB Connector/J 3 ({@code allowLocalInfile=true}). Loaded only when that driver is present. */
final class MariaDbLocalInfile implements LocalInfile {

    @Override
    public void setStream(Statement statement, InputStream in) throws SQLException {
        statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(in);
    }
}
