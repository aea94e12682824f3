package io.dmskit.cdc;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Quiets Debezium and Kafka Connect to WARN: a default run logs about 250 lines at INFO. Applied
 * once, before Debezium's loggers exist, to the logging back-ends that can be set from code:
 * slf4j-simple (system properties) and Logback (by reflection, so that it is not a dependency),
 * each only where the user has set no level, and java.util.logging (the MySQL/MariaDB
 * binlog client logs there). Users of other back-ends set {@code io.debezium} and
 * {@code org.apache.kafka} to WARN in their own configuration.
 */
final class Logging {
    private static final List<String> NOISY = List.of("io.debezium", "org.apache.kafka");
    /** java.util.logging keeps loggers weakly: these references keep the levels set. */
    private static final List<Logger> JUL = List.of(Logger.getLogger("com.github.shyiko.mysql.binlog"),
            Logger.getLogger("io.debezium"));
    private static volatile boolean done;

    private Logging() {
    }

    static synchronized void quietDebezium() {
        if (done) {
            return;
        }
        done = true;
        for (String name : NOISY) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
        for (Logger l : JUL) {
            l.setLevel(Level.WARNING);
        }
        try {
            Object factory = Class.forName("org.slf4j.LoggerFactory").getMethod("getILoggerFactory").invoke(null);
            if (factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
                Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, factory.getClass().getClassLoader());
                Object warn = levelClass.getField("WARN").get(null);
                for (String name : NOISY) {
                    Object logger = factory.getClass().getMethod("getLogger", String.class).invoke(factory, name);
                    if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
                        logger.getClass().getMethod("setLevel", levelClass).invoke(logger, warn);
                    }
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException ignored) {
            // slf4j or Logback is not there, or not as expected: nothing to quiet
        }
    }
}
