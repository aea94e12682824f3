package io.dmskit.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A server JDBC URL of the form {@code jdbc:<engine>://<hosts>/[<database>][?<parameters>]} taken
 * apart, so that the same server can be addressed with another database name and without
 * credentials. Credentials come out of the {@code user} and {@code password} parameters or out of
 * a {@code user:password@} prefix of the hosts. Immutable.
 *
 * @param base       everything up to and including the {@code /} before the database name
 * @param database   the database the URL names, empty when it names none
 * @param parameters the query parameters other than {@code user} and {@code password}, as written
 *                   (still URL-encoded), joined by {@code &}; empty when there are none
 * @param user       the user in the URL, or {@code null}
 * @param password   the password in the URL, or {@code null}
 */
public record JdbcUrl(String base, String database, String parameters, String user, String password) {

    /**
     * Takes a URL apart.
     *
     * @throws IllegalArgumentException when the URL is not of the server form above; the message
     *         shows the URL with its password masked
     */
    public static JdbcUrl parse(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + mask(url));
        }
        int slashes = url.indexOf("://");
        if (slashes < 0) {
            throw new IllegalArgumentException("not a server URL of the form jdbc:<engine>://host[:port]/[database][?user=...&password=...]: "
                    + mask(url));
        }
        int hostsStart = slashes + 3;
        int hostsEnd = hostsStart;
        while (hostsEnd < url.length() && url.charAt(hostsEnd) != '/' && url.charAt(hostsEnd) != '?') {
            hostsEnd++;
        }
        String hosts = url.substring(hostsStart, hostsEnd);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host: " + mask(url));
        }
        String user = null;
        String password = null;
        int at = hosts.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = hosts.substring(0, at);
            hosts = hosts.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        int query = url.indexOf('?', hostsEnd);
        String database = "";
        if (hostsEnd < url.length() && url.charAt(hostsEnd) == '/') {
            database = decode(url.substring(hostsEnd + 1, query < 0 ? url.length() : query));
        }
        List<String> kept = new ArrayList<>();
        if (query >= 0) {
            for (String pair : url.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("user")) {
                    user = value;
                } else if (key.equals("password")) {
                    password = value;
                } else {
                    kept.add(pair);
                }
            }
        }
        String base = url.substring(0, hostsStart) + hosts + "/";
        return new JdbcUrl(base, database, String.join("&", kept), user, password);
    }

    /** The URL of another database on the same server, with the same parameters and no credentials. */
    public String withDatabase(String name) {
        return base + name + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /** The URL of the database this URL names, without credentials. */
    public String withoutCredentials() {
        return withDatabase(database);
    }

    /** {@code host[:port]} (or the host list), for messages. */
    public String hosts() {
        int start = base.indexOf("://") + 3;
        return base.substring(start, base.length() - 1);
    }

    /** The URL with the values of its password parameter and of any {@code user:password@} masked, for messages. */
    public static String mask(String url) {
        if (url == null) {
            return "null";
        }
        String masked = url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
        return masked.replaceAll("(://[^/@?:]*:)[^/@?]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "JdbcUrl[" + withoutCredentials() + ", user=" + user + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
