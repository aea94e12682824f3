package io.dmskit.cdc.internal;

import io.dmskit.Endpoint;
import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections to an endpoint, for the few statements that change capture runs itself. */
public final class Jdbc {
    private Jdbc() {
    }

    /**
     * A new connection with the endpoint's user, password and properties, auto-commit on.
     *
     * @param role for messages: "source" or "state storage"
     * @throws DmsException with {@link ErrorCode#CONNECTION_FAILED} naming the endpoint (never the password)
     */
    public static Connection connect(Endpoint endpoint, String role) {
        Properties props = new Properties();
        endpoint.properties().forEach(props::setProperty);
        if (endpoint.user() != null) {
            props.setProperty("user", endpoint.user());
        }
        if (!endpoint.password().isEmpty()) {
            props.setProperty("password", endpoint.password().reveal());
        }
        Driver driver;
        try {
            driver = DriverManager.getDriver(endpoint.jdbcUrl());
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.UNKNOWN_ENGINE, "No JDBC driver for " + endpoint.safeUrl()
                    + " is on the class path; add the " + endpoint.engine() + " JDBC driver to your dependencies.");
        }
        try {
            Connection c = driver.connect(endpoint.jdbcUrl(), props);
            if (c == null) {
                throw new SQLException("the JDBC driver " + driver.getClass().getName() + " does not accept the URL");
            }
            return c;
        } catch (SQLException e) {
            throw new DmsException(ErrorCode.CONNECTION_FAILED, "Cannot connect to the " + role + " '" + endpoint.name()
                    + "' at " + endpoint.safeUrl() + (endpoint.user() == null ? "" : " as user '" + endpoint.user() + "'")
                    + ": " + endpoint.password().redact(String.valueOf(e.getMessage()))
                    + ". Check that the server runs and accepts connections, and that the URL, user and password are right.",
                    new SQLException(e.getClass().getName() + " SQLState " + e.getSQLState()));
        }
    }
}
