package io.dmskit.testkit.contract;

import io.dmskit.schema.Column;
import io.dmskit.testkit.data.TableRows;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Arrays;
import java.util.List;

/**
 * How the contract suites compare a value that a reader gave with the value expected: exactly,
 * but for the representations that stand for the same value of the logical type (a decimal's
 * scale, an instant's offset), and checking the Java class that the column's logical type
 * prescribes.
 */
final class Values {
    private Values() {
    }

    /** Null when the actual value is the expected one, else what is wrong. */
    static String problem(Column column, Object expected, Object actual) {
        if (actual == null || expected == null) {
            return actual == expected ? null : "expected " + show(expected) + " but read " + show(actual);
        }
        Class<?> javaClass = column.type().javaClass();
        if (!javaClass.isInstance(actual)) {
            return "read " + show(actual) + " of " + actual.getClass().getName() + ", but values of " + column.type().kind()
                    + " must be " + javaClass.getName();
        }
        return same(expected, actual) ? null : "expected " + show(expected) + " but read " + show(actual);
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        if (a instanceof OffsetTime x && b instanceof OffsetTime y) {
            return x.isEqual(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static String show(Object v) {
        return TableRows.show(v);
    }
}
