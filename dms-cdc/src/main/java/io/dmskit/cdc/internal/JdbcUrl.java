package io.dmskit.cdc.internal;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a JDBC URL of the form {@code jdbc:<engine>://host[:port][,...]/[database][?k=v&...]}
 * that Debezium needs as separate settings (it connects with its own connections).
 *
 * @param host     the first host
 * @param port     the port, or the engine's default
 * @param database the database, or "" when the URL names none
 * @param params   the URL's query parameters, decoded
 */
public record JdbcUrl(String host, int port, String database, Map<String, String> params) {
    private static final Pattern URL = Pattern.compile("jdbc:[a-z0-9]+(?::[a-z0-9]+)?://([^/?]*)(?:/([^?;]*))?(?:[?;](.*))?",
            Pattern.CASE_INSENSITIVE);

    /**
     * @throws DmsException with {@link ErrorCode#CONFIGURATION} when the URL has no host part
     */
    public static JdbcUrl parse(String jdbcUrl, int defaultPort) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches() || m.group(1).isEmpty()) {
            throw new DmsException(ErrorCode.CONFIGURATION, "Change data capture needs a JDBC URL with a host, like"
                    + " jdbc:postgresql://host:5432/db; cannot read the host of the source URL");
        }
        String hostPort = m.group(1);
        int comma = hostPort.indexOf(',');
        if (comma >= 0) {
            hostPort = hostPort.substring(0, comma);
        }
        int at = hostPort.lastIndexOf('@');
        if (at >= 0) {
            hostPort = hostPort.substring(at + 1);
        }
        String host = hostPort;
        int port = defaultPort;
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            host = hostPort.substring(1, end);
            if (hostPort.length() > end + 2 && hostPort.charAt(end + 1) == ':') {
                port = Integer.parseInt(hostPort.substring(end + 2));
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(3) != null) {
            for (String kv : m.group(3).split("[&;]")) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        String db = m.group(2) == null ? "" : URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        return new JdbcUrl(host, port, db, params);
    }

    @Override
    public String toString() {
        return host + ":" + port + "/" + database;
    }
}
