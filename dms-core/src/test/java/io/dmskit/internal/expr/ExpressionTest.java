package io.dmskit.internal.expr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionTest {

    /** A row of test columns and headers. */
    static final class TestRow implements Row {
        final Map<String, Object> columns = new HashMap<>();
        final Map<String, Object> headers = new HashMap<>();

        TestRow col(String name, Object value) {
            columns.put(name, value);
            return this;
        }

        TestRow header(String name, Object value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public Object column(String name) {
            return columns.get(name);
        }

        @Override
        public Object header(String name) {
            return headers.get(name);
        }
    }

    static final TestRow ROW = new TestRow()
            .col("first_name", "Ada").col("last_name", "Lovelace").col("qty", 3L).col("price", new BigDecimal("2.50"))
            .col("ratio", 0.5d).col("note", null).col("n", 7).col("born", LocalDate.of(1815, 12, 10))
            .col("seen", LocalDateTime.of(2024, 5, 6, 7, 8, 9))
            .header("AR_H_OPERATION", "INSERT").header("AR_M_SOURCE_SCHEMA", "shop")
            .header("AR_M_SOURCE_TABLE_NAME", "customers");

    static Object eval(String text) {
        return Expression.parse(text).evaluate(ROW);
    }

    static String show(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "==>", quoteCharacter = '~', value = {
            // arithmetic: integers stay integers, decimals stay exact, doubles float, null propagates
            "1 + 2 * 3                      ==> 7",
            "(1 + 2) * 3                    ==> 9",
            "7 / 2                          ==> 3",
            "7 % 4                          ==> 3",
            "7.0 / 2                        ==> 3.5",
            "$qty * $price                  ==> 7.50",
            "$ratio * 4                     ==> 2.0",
            "-$qty + 1                      ==> -2",
            "$n + 1                         ==> 8",
            "1 / 0                          ==> null",
            "$note + 1                      ==> null",
            "'5' + 1                        ==> 6",
            // text
            "$first_name || ' ' || $last_name ==> Ada Lovelace",
            "upper($first_name)             ==> ADA",
            "lower('ABC')                   ==> abc",
            "length($last_name)             ==> 8",
            "substr($last_name, 1, 4)       ==> Love",
            "substr($last_name, 5)          ==> lace",
            "substr($last_name, -4, 2)      ==> la",
            "trim('  x  ')                  ==> x",
            "ltrim('xxa', 'x')              ==> a",
            "rtrim('axx', 'x')              ==> a",
            "replace($last_name, 'e', 'E')  ==> LovElacE",
            "instr($last_name, 'lace')      ==> 5",
            "$note || 'x'                   ==> null",
            "'it''s'                        ==> it's",
            // null handling
            "ifnull($note, 'none')          ==> none",
            "coalesce($note, null, 'c')     ==> c",
            "nullif($qty, 3)                ==> null",
            "iif($qty > 2, 'many', 'few')   ==> many",
            "$note IS NULL                  ==> true",
            "$qty IS NOT NULL               ==> true",
            // comparison and logic
            "$qty = 3                       ==> true",
            "$qty <> 3                      ==> false",
            "$qty != 4                      ==> true",
            "$price >= 2.5                  ==> true",
            "$qty < '10'                    ==> true",
            "'b' > 'a'                      ==> true",
            "$qty BETWEEN 1 AND 3           ==> true",
            "$qty NOT BETWEEN 1 AND 3       ==> false",
            "$qty IN (1, 2, 3)              ==> true",
            "$qty NOT IN (1, 2)             ==> true",
            "$last_name LIKE 'love%'        ==> true",
            "$qty > 1 AND $qty < 5          ==> true",
            "$qty > 5 OR $note IS NULL      ==> true",
            "NOT $qty = 3                   ==> false",
            "$note = 1 OR 1 = 1             ==> true",
            "$note = 1 AND 1 = 2            ==> false",
            "$note = 1 AND 1 = 1            ==> null",
            // CASE
            "CASE WHEN $qty > 2 THEN 'big' ELSE 'small' END ==> big",
            "CASE $qty WHEN 1 THEN 'one' WHEN 3 THEN 'three' END ==> three",
            "CASE WHEN $qty > 5 THEN 'big' END ==> null",
            "case when $AR_H_OPERATION = 'DELETE' then 'Y' else 'N' end ==> N",
            // casts and numbers
            "CAST('12' AS INTEGER) + 1      ==> 13",
            "CAST($qty AS TEXT) || '!'      ==> 3!",
            "CAST('2.5' AS REAL)            ==> 2.5",
            "abs(-4)                        ==> 4",
            "round(2.567, 2)                ==> 2.57",
            // dates
            "date($seen)                    ==> 2024-05-06",
            "time($seen)                    ==> 07:08:09",
            "datetime($born)                ==> 1815-12-10 00:00:00",
            "$seen                          ==> 2024-05-06T07:08:09",
            "$seen || ''                    ==> 2024-05-06 07:08:09",
            "date('2024-01-31 10:00:00')    ==> 2024-01-31",
            // headers and metadata
            "$AR_H_OPERATION                ==> INSERT",
            "operation_indicator('D', 'U', 'I') ==> I",
            "$AR_M_SOURCE_SCHEMA || '.' || $AR_M_SOURCE_TABLE_NAME ==> shop.customers",
            "$AR_H_COMMIT_TIMESTAMP         ==> null"})
    void evaluates(String expression, String expected) {
        assertThat(show(eval(expression))).isEqualTo(expected);
    }

    @Test
    void datetimeNowIsTheCurrentUtcTimeAsText() {
        Object now = eval("datetime('now')");
        assertThat((String) now).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat((String) eval("date('now')")).matches("\\d{4}-\\d\\d-\\d\\d");
    }

    @Test
    void reportsTheColumnsAndHeadersItReads() {
        Expression e = Expression.parse("$a || $b || $AR_H_OPERATION || $a");
        assertThat(e.columns()).containsExactly("a", "b");
        assertThat(e.headers()).containsExactly("AR_H_OPERATION");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = "==>", quoteCharacter = '~', value = {
            "~~                         ==> at position 1 of '': the expression is empty",
            "$a +                       ==> at position 5 of '$a +': expected a value, found the end of the expression",
            "$a + * 2                   ==> at position 6 of '$a + * 2': expected a value, found '*'",
            "($a + 1                    ==> at position 8 of '($a + 1': expected ')' to close '(' at position 1, found the end of the expression",
            "'abc                       ==> at position 1 of ''abc': the text value that starts here has no closing quote",
            "upper($a, $b)              ==> at position 1 of 'upper($a, $b)': upper() takes 1 argument, was given 2",
            "frobnicate($a)             ==> at position 1 of 'frobnicate($a)': unknown function frobnicate(); the functions are: abs, coalesce, date, datetime, ifnull, iif, instr, length, lower, ltrim, nullif, operation_indicator, replace, round, rtrim, substr, time, trim, upper",
            "datetime('now', '+1 day')  ==> at position 1 of 'datetime('now', '+1 day')': datetime() takes 1 argument, was given 2 (date and time modifiers are not supported)",
            "$AR_H_NOPE                 ==> at position 1 of '$AR_H_NOPE': unknown header or metadata column $AR_H_NOPE; dmskit knows $AR_H_OPERATION, $AR_H_TIMESTAMP, $AR_H_COMMIT_TIMESTAMP, $AR_H_TRANSACTION_ID, $AR_H_STREAM_POSITION, $AR_H_CHANGE_SEQ, $AR_M_SOURCE_SCHEMA, $AR_M_SOURCE_TABLE_NAME",
            "price * 2                  ==> at position 1 of 'price * 2': unknown name 'price'; write $price for a column, or 'price' for a text value",
            "$a 2                       ==> at position 4 of '$a 2': unexpected '2' after a complete expression",
            "CASE $a END                ==> at position 9 of 'CASE $a END': expected WHEN in CASE, found 'END'",
            "CASE WHEN $a THEN 1        ==> at position 20 of 'CASE WHEN $a THEN 1': expected END to close CASE, found the end of the expression",
            "$a NOT 1                   ==> at position 4 of '$a NOT 1': expected BETWEEN, IN or LIKE after NOT",
            "CAST($a AS BLOB)           ==> at position 12 of 'CAST($a AS BLOB)': unknown type 'BLOB' in CAST; allowed: INTEGER, REAL, NUMERIC, TEXT",
            "$a # 1                     ==> at position 4 of '$a # 1': unexpected character '#'",
            "\"a\" = 1                  ==> at position 1 of '\"a\" = 1': quoted names are not supported; write $name for a column and 'text' for a text value",
            "$ + 1                      ==> at position 1 of '$ + 1': expected a column name after $",
            "1.2.3                      ==> at position 1 of '1.2.3': malformed number '1.2.3'"})
    void parseErrorsNameThePosition(String expression, String message) {
        assertThatThrownBy(() -> Expression.parse(expression))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(message);
    }
}
