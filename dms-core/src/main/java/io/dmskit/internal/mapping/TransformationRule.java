package io.dmskit.internal.mapping;

import io.dmskit.TableMapping.RuleTarget;

import java.util.List;

/**
 * A transformation rule: how the names, columns, types and values of selected tables change on
 * the way to the target (AWS {@code rule-type: transformation}). The object locator's patterns
 * match <em>source</em> names, as in AWS DMS, and a naming action applies to the name that the
 * earlier rules have made of it. A pattern that the target does not use (the table and column
 * patterns of a schema rule, the column pattern of a table rule) is null or {@code %}. The
 * values are as written, possibly invalid until {@link RuleValidator} has passed them. Immutable.
 *
 * @param id            the rule id
 * @param name          the AWS rule name, or null
 * @param target        schema, table or column: which name the rule changes
 * @param action        what the rule does
 * @param schemaPattern the object locator's {@code schema-name}
 * @param tablePattern  the object locator's {@code table-name}; null or % for a schema rule
 * @param columnPattern the object locator's {@code column-name}; null or % unless the target is a column
 *                      (also null for add-column, which names a new column with its value)
 * @param value         the new name, the prefix or suffix to add, remove or put in, the added column's
 *                      name or the mask character; null when the action takes none
 * @param oldValue      the prefix or suffix that replace-prefix and replace-suffix replace; null otherwise
 * @param expression    the add-column expression, or null
 * @param dataType      the {@code data-type} of add-column and change-data-type, or null
 * @param primaryKey    the {@code primary-key-def} of define-primary-key, or null
 * @param beforeImage   the {@code before-image-def} of add-before-image-columns, or null
 */
public record TransformationRule(long id, String name, RuleTarget target, RuleAction action,
                                 String schemaPattern, String tablePattern, String columnPattern,
                                 String value, String oldValue, String expression, DataTypeDef dataType,
                                 PrimaryKeyDef primaryKey, BeforeImageDef beforeImage) implements Rule {

    /** A naming rule (no expression, data type, key or before image). */
    public TransformationRule(long id, String name, RuleTarget target, RuleAction action, String schemaPattern,
                              String tablePattern, String columnPattern, String value, String oldValue) {
        this(id, name, target, action, schemaPattern, tablePattern, columnPattern, value, oldValue, null, null, null,
                null);
    }

    /**
     * The AWS {@code data-type} object.
     *
     * @param type      an AWS DMS type name: bytes, date, time, datetime, int1, int2, int4, int8, numeric,
     *                  real4, real8, string, uint1, uint2, uint4, uint8, wstring, blob, clob, nclob, boolean
     * @param length    the length of string, wstring and bytes, or null
     * @param precision the precision of numeric (and of datetime's fraction), or null
     * @param scale     the scale of numeric, or null
     */
    public record DataTypeDef(String type, Integer length, Integer precision, Integer scale) {
        /** {@code numeric(10,2)}, {@code string(50)}, {@code int4}. */
        public String describe() {
            if (length != null) {
                return type + "(" + length + ")";
            }
            if (precision != null) {
                return type + "(" + precision + (scale != null ? "," + scale : "") + ")";
            }
            return type;
        }
    }

    /**
     * The AWS {@code primary-key-def} object.
     *
     * @param name    the key's (or index's) name
     * @param origin  {@code primary-key} (the default) or {@code unique-index}
     * @param columns the key's columns, in order, by source name
     */
    public record PrimaryKeyDef(String name, String origin, List<String> columns) {
        public PrimaryKeyDef {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /**
     * The AWS {@code before-image-def} object.
     *
     * @param columnPrefix the before-image column name's prefix (AWS default {@code BI_})
     * @param columnSuffix the before-image column name's suffix (AWS default empty)
     * @param columnFilter {@code pk-only}, {@code non-lob} or {@code all}
     */
    public record BeforeImageDef(String columnPrefix, String columnSuffix, String columnFilter) {
    }

    @Override
    public String kind() {
        if (action == null) {
            return "transformation";
        }
        if (action == RuleAction.RENAME) {
            return target == null ? "rename" : "rename-" + targetName();
        }
        if (!action.renames() || target == null) {
            return action.awsName();
        }
        return action.awsName() + " " + targetName();
    }

    @Override
    public String describe() {
        if (action == null || target == null) {
            return kind() + " " + locator();
        }
        return switch (action) {
            case RENAME -> kind() + " " + locator() + " -> " + value;
            case REMOVE_COLUMN, INCLUDE_COLUMN, DATA_MASKING_DIGITS_RANDOMIZE, DATA_MASKING_HASH_MASK,
                 ADD_BEFORE_IMAGE_COLUMNS -> kind() + " " + locator();
            case CONVERT_LOWERCASE, CONVERT_UPPERCASE -> kind() + " " + locator();
            case ADD_PREFIX, ADD_SUFFIX -> action.awsName() + " '" + value + "' to " + targetName() + " " + locator();
            case REMOVE_PREFIX, REMOVE_SUFFIX -> action.awsName() + " '" + value + "' from " + targetName() + " "
                    + locator();
            case REPLACE_PREFIX, REPLACE_SUFFIX -> action.awsName() + " '" + oldValue + "' with '" + value + "' on "
                    + targetName() + " " + locator();
            case ADD_COLUMN -> kind() + " " + schemaPattern + "." + tablePattern + "." + value
                    + (dataType == null ? "" : " " + dataType.describe()) + " = " + expression;
            case CHANGE_DATA_TYPE -> kind() + " " + locator() + " -> " + (dataType == null ? "?" : dataType.describe());
            case DEFINE_PRIMARY_KEY -> kind() + " " + locator()
                    + (primaryKey == null ? "" : " (" + String.join(", ", primaryKey.columns()) + ")");
            case DATA_MASKING_DIGITS_MASK -> kind() + " " + locator() + " with '" + value + "'";
        };
    }

    /** The matched object as {@code schema}, {@code schema.table} or {@code schema.table.column} patterns. */
    public String locator() {
        if (target == RuleTarget.SCHEMA) {
            return schemaPattern;
        }
        if (target == RuleTarget.TABLE) {
            return schemaPattern + "." + tablePattern;
        }
        return schemaPattern + "." + tablePattern + "." + columnPattern;
    }

    private String targetName() {
        return target.name().toLowerCase(java.util.Locale.ROOT);
    }
}
