package io.dmskit.mysql;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.io.InputStream;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands a stream to a driver as the contents of the file that the next
 * {@code LOAD DATA LOCAL INFILE} of a statement names. Each driver has its own method for it;
 * each lives in its own class ({@link MariaDbLocalInfile}, {@link MySqlLocalInfile}) so that
 * dms-core loads only the driver that is on the class path. Stateless.
 */
interface LocalInfile {

    /** Sets the stream that the statement's next LOAD DATA LOCAL reads. */
    void setStream(Statement statement, InputStream in) throws SQLException;

    /**
     * The support for the driver behind a statement, which may be wrapped by a pool.
     *
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the driver is neither MariaDB
     *                      Connector/J nor MySQL Connector/J
     */
    static LocalInfile of(Statement statement) throws SQLException {
        if (wraps(statement, "org.mariadb.jdbc.Statement")) {
            return new MariaDbLocalInfile();
        }
        if (wraps(statement, "com.mysql.cj.jdbc.JdbcStatement")) {
            return new MySqlLocalInfile();
        }
        throw new DmsException(ErrorCode.CONFIGURATION, "LOAD DATA LOCAL needs MariaDB Connector/J or MySQL "
                + "Connector/J, but the connection's statements are " + statement.getClass().getName()
                + ". Use one of these drivers, or write with MySqlInsertWriter.");
    }

    private static boolean wraps(Statement statement, String className) throws SQLException {
        Class<?> type;
        try {
            type = Class.forName(className, false, statement.getClass().getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            try {
                type = Class.forName(className, false, LocalInfile.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e2) {
                return false;
            }
        }
        return type.isInstance(statement) || statement.isWrapperFor(type);
    }
}
