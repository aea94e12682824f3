package io.dmskit.mysql;

import java.io.InputStream;
import java.sql.SQLException;
import java.sql.Statement;

/** {@link LocalInfile} for MySQL Connector/J 8 and 9 ({@code allowLoadLocalInfile=true}). Loaded only when that driver is present. */
final class MySqlLocalInfile implements LocalInfile {

    @Override
    public void setStream(Statement statement, InputStream in) throws SQLException {
        statement.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(in);
    }
}
