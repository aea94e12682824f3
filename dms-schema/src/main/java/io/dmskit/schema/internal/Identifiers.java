package io.dmskit.schema.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Identifier length rules shared by the converter and the type rules. Stateless; not for users. */
public final class Identifiers {

    /** Characters of the hash suffix that a shortened name ends with, after an underscore. */
    static final int HASH_CHARS = 8;

    private Identifiers() {
    }

    /**
     * The name itself when it has at most {@code max} characters (code points), else its first
     * characters, an underscore and 8 hex digits of the SHA-256 of the whole name, {@code max}
     * characters in all: stable (the same name always gives the same result) and distinct for
     * distinct long names with the same start.
     */
    public static String fit(String name, int max) {
        int length = name.codePointCount(0, name.length());
        if (length <= max) {
            return name;
        }
        String suffix = "_" + hash(name);
        int keep = Math.max(0, max - suffix.length());
        int end = name.offsetByCodePoints(0, keep);
        return name.substring(0, end) + suffix;
    }

    /** 8 hex digits of the SHA-256 of the UTF-8 name. */
    static String hash(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < HASH_CHARS / 2; i++) {
                s.append(String.format("%02x", d[i] & 0xff));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
