package io.dmskit.schema.mysql;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TypeKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits a target table into InnoDB's limits: 3072 bytes an index key, 65,535 bytes a row outside
 * TEXT/BLOB columns. See {@link MySqlDialect#targetTable}. Stateless.
 */
final class MySqlLimits {

    /** InnoDB's largest index key (DYNAMIC and COMPRESSED row formats), in bytes. */
    static final int MAX_KEY_BYTES = 3072;
    /** MySQL's largest row, in bytes, counting TEXT/BLOB columns by their pointer only. */
    static final int MAX_ROW_BYTES = 65_535;
    /** Bytes a character in utf8mb4. */
    static final int CHAR_BYTES = 4;
    private static final long UNBOUNDED = Long.MAX_VALUE / 4;

    private MySqlLimits() {
    }

    static Table fit(Table table, MySqlDialect dialect) {
        List<List<String>> keys = new ArrayList<>();
        if (table.hasPrimaryKey()) {
            keys.add(table.primaryKey());
        }
        keys.addAll(table.uniqueKeys());

        // The byte budget of each key column: the least that any key it is in allows it.
        Map<String, Long> caps = new HashMap<>();
        for (List<String> key : keys) {
            long fixed = 0;
            List<Column> shrinkable = new ArrayList<>();
            for (String name : key) {
                Column c = table.column(name).orElse(null);
                if (c == null) {
                    continue;
                }
                if (isShrinkable(c.type().kind())) {
                    shrinkable.add(c);
                } else {
                    fixed += keyBytes(c.type());
                }
            }
            long demand = shrinkable.stream().mapToLong(c -> keyBytes(c.type())).sum();
            if (shrinkable.isEmpty() || fixed + demand <= MAX_KEY_BYTES) {
                continue;
            }
            // Water-filling: the columns that need little keep their size, the others share the rest equally.
            shrinkable.sort(Comparator.comparingLong(c -> keyBytes(c.type())));
            long remaining = Math.max(0, MAX_KEY_BYTES - fixed);
            for (int i = 0; i < shrinkable.size(); i++) {
                Column c = shrinkable.get(i);
                long share = remaining / (shrinkable.size() - i);
                long give = Math.min(keyBytes(c.type()), share);
                remaining -= give;
                caps.merge(c.name(), give, Math::min);
            }
        }

        Set<String> keyColumns = new HashSet<>();
        keys.forEach(keyColumns::addAll);
        List<Column> columns = new ArrayList<>(table.columns().size());
        for (Column c : table.columns()) {
            Long cap = caps.get(c.name());
            columns.add(cap == null ? c : c.withType(bounded(c.type(), cap, dialect)));
        }

        // Row limit: move the widest non-key inline columns to TEXT/BLOB until the row fits.
        while (rowBytes(columns) > MAX_ROW_BYTES) {
            int widest = -1;
            long widestBytes = 0;
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                TypeKind k = c.type().kind();
                boolean inline = k == TypeKind.CHAR || k == TypeKind.VARCHAR || k == TypeKind.BINARY || k == TypeKind.VARBINARY;
                long bytes = columnBytes(c.type());
                if (inline && !keyColumns.contains(c.name()) && bytes > widestBytes) {
                    widest = i;
                    widestBytes = bytes;
                }
            }
            if (widest < 0 || widestBytes <= 12) {
                break;
            }
            Column c = columns.get(widest);
            boolean character = c.type().kind() == TypeKind.CHAR || c.type().kind() == TypeKind.VARCHAR;
            long bytes = character ? c.type().length() * (long) CHAR_BYTES : c.type().length();
            DataType lob = DataType.ofLength(character ? TypeKind.TEXT : TypeKind.BLOB, MySqlDialect.lobClass(bytes));
            columns.set(widest, c.withType(lob.withNativeName(dialect.nativeType(lob))));
        }
        return table.withColumns(columns, table.primaryKey(), table.uniqueKeys());
    }

    private static boolean isShrinkable(TypeKind k) {
        return k == TypeKind.CHAR || k == TypeKind.VARCHAR || k == TypeKind.TEXT || k == TypeKind.JSON
                || k == TypeKind.BINARY || k == TypeKind.VARBINARY || k == TypeKind.BLOB;
    }

    private static boolean isCharacter(TypeKind k) {
        return k == TypeKind.CHAR || k == TypeKind.VARCHAR || k == TypeKind.TEXT || k == TypeKind.JSON;
    }

    /** The type bounded to {@code cap} bytes. */
    private static DataType bounded(DataType t, long cap, MySqlDialect dialect) {
        DataType result;
        if (isCharacter(t.kind())) {
            int chars = (int) Math.max(1, cap / CHAR_BYTES);
            result = t.kind() == TypeKind.CHAR && t.length() > 0
                    ? DataType.ofLength(TypeKind.CHAR, Math.min(t.length(), chars))
                    : DataType.ofLength(TypeKind.VARCHAR, t.kind() == TypeKind.VARCHAR && t.length() > 0
                            ? Math.min(t.length(), chars) : chars);
        } else {
            int bytes = (int) Math.max(1, cap);
            result = t.kind() == TypeKind.BINARY && t.length() > 0
                    ? DataType.ofLength(TypeKind.BINARY, Math.min(t.length(), bytes))
                    : DataType.ofLength(TypeKind.VARBINARY, t.kind() == TypeKind.VARBINARY && t.length() > 0
                            ? Math.min(t.length(), bytes) : bytes);
        }
        return result.withNativeName(dialect.nativeType(result));
    }

    /** The most bytes a value of the type takes in an index key; very large when unbounded. */
    static long keyBytes(DataType t) {
        switch (t.kind()) {
            case CHAR, VARCHAR: return t.length() <= 0 ? UNBOUNDED : t.length() * (long) CHAR_BYTES;
            case BINARY, VARBINARY: return t.length() <= 0 ? UNBOUNDED : t.length();
            case TEXT, JSON, BLOB, ARRAY: return UNBOUNDED;
            default: return fixedBytes(t);
        }
    }

    /** The most bytes the column takes in the row (TEXT/BLOB: the pointer only). */
    private static long columnBytes(DataType t) {
        switch (t.kind()) {
            case CHAR: return t.length() * (long) CHAR_BYTES;
            case VARCHAR: return t.length() <= 0 ? 12 : t.length() * (long) CHAR_BYTES + 2;
            case BINARY: return t.length();
            case VARBINARY: return t.length() <= 0 ? 12 : t.length() + 2L;
            case TEXT, JSON, BLOB, ARRAY: return 12;
            default: return fixedBytes(t);
        }
    }

    private static long fixedBytes(DataType t) {
        switch (t.kind()) {
            case BOOLEAN, TINYINT, YEAR: return 1;
            case SMALLINT, ENUM: return 2;
            case MEDIUMINT, DATE: return 3;
            case INTEGER, REAL: return 4;
            case BIGINT, DOUBLE, SET, TIMESTAMP, TIMESTAMP_TZ: return 8;
            case TIME, INTERVAL: return 6;
            case UUID: return 16;
            case BIT: return (t.length() + 7) / 8;
            case DECIMAL: return (Math.max(t.precision(), 1) + 8) / 9 * 4 + 4;
            default: return 16;
        }
    }

    private static long rowBytes(List<Column> columns) {
        long sum = (columns.size() + 7) / 8;
        for (Column c : columns) {
            sum += columnBytes(c.type());
        }
        return sum;
    }
}
