package io.dmskit.testkit.jqwik;

import io.dmskit.schema.Interval;
import io.dmskit.testkit.Engine;
import io.dmskit.testkit.data.ColumnDefinition;
import io.dmskit.testkit.data.SqlType;
import io.dmskit.testkit.data.SqlTypes;
import io.dmskit.testkit.data.TableDefinition;
import io.dmskit.testkit.data.TableRows;
import io.dmskit.testkit.data.ValueDomain;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * jqwik arbitraries for tests of migrations: random tables of an engine (column types from the
 * types that the full load moves, keys of one or two columns, nullability, names that need
 * quoting) with random rows full of edge values (NULL, empty, extreme numbers, 4-byte UTF-8,
 * leap days, daylight-saving transitions, microsecond fractions), as DDL and parameterized
 * inserts ({@link TableRows#createIn}). jqwik is an optional dependency of the testkit: add
 * {@code net.jqwik:jqwik} to the tests that use this class.
 *
 * <pre>{@code
 * @Property(tries = 10)
 * void movesAnyTable(@ForAll("tables") TableRows table) { ... }
 *
 * @Provide
 * Arbitrary<TableRows> tables() {
 *     return Generators.tables(Engine.MARIADB, Set.of(Engine.POSTGRESQL));
 * }
 * }</pre>
 *
 * <p>Values are of the logical types' Java classes. Every arbitrary draws a value from the
 * domain's {@link ValueDomain#edgeValues() edge values} about one time in four. Stateless.
 */
public final class Generators {

    private static final List<String> ODD_NAMES = List.of("order", "select", "group", "key", "Desc", "user", "values", "from",
            "Mixed Case", "unit price", "it's", "say \"hi\"", "back`tick", "Robert'); DROP TABLE students;--", "gr\u00f6\u00dfe",
            "\u6570\u91cf", "\u00dcBER", "a-b", "x%y_z", "[br]ackets");

    private Generators() {
    }

    /** Random tables of the engine, with rows, for a migration to the same engine: every type, every value of its domain. */
    public static Arbitrary<TableRows> tables(Engine engine) {
        return tables(engine, EnumSet.of(engine));
    }

    /**
     * Random tables of the source engine with rows, for a migration to every one of the targets:
     * only the types that move to all of them ({@link SqlTypes#movingTo}), and, unless every target
     * is the source engine, only the values that survive the move ({@link SqlType#portableDomain()}).
     */
    public static Arbitrary<TableRows> tables(Engine source, Set<Engine> targets) {
        Set<Engine> to = Set.copyOf(targets);
        return tableDefinitions(source, to).flatMap(def -> rows(def, to, 12));
    }

    /** Random table definitions of the source engine whose every column moves to all the targets. */
    public static Arbitrary<TableDefinition> tableDefinitions(Engine source, Set<Engine> targets) {
        List<SqlType> types = SqlTypes.movingTo(source, targets);
        List<SqlType> keyTypes = types.stream().filter(SqlType::keyable).toList();
        if (keyTypes.isEmpty()) {
            throw new IllegalArgumentException("no key type of " + source + " moves to " + targets);
        }
        Arbitrary<List<SqlType>> keys = Arbitraries.of(keyTypes).list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<List<ColumnSpec>> others = Combinators.combine(Arbitraries.of(types), Arbitraries.of(true, true, false))
                .as(ColumnSpec::new).list().ofMinSize(0).ofMaxSize(8);
        return Combinators.combine(tableNames(), keys, others).flatAs((name, keyTypesChosen, otherColumns) -> {
            int n = keyTypesChosen.size() + otherColumns.size();
            return identifiers().list().ofSize(n).uniqueElements(s -> s.toLowerCase(Locale.ROOT)).map(names -> {
                List<ColumnDefinition> columns = new ArrayList<>();
                List<String> key = new ArrayList<>();
                for (int i = 0; i < keyTypesChosen.size(); i++) {
                    columns.add(new ColumnDefinition(names.get(i), keyTypesChosen.get(i), false));
                    key.add(names.get(i));
                }
                for (int i = 0; i < otherColumns.size(); i++) {
                    ColumnSpec c = otherColumns.get(i);
                    columns.add(new ColumnDefinition(names.get(keyTypesChosen.size() + i), c.type(), c.nullable()));
                }
                return new TableDefinition(source, name, columns, key);
            });
        });
    }

    private record ColumnSpec(SqlType type, boolean nullable) {
    }

    /**
     * Up to {@code maxRows} random rows for the table, distinct in its primary key, with values
     * that every target holds (NULL in about one in five values of a nullable column).
     */
    public static Arbitrary<TableRows> rows(TableDefinition table, Set<Engine> targets, int maxRows) {
        List<Arbitrary<Object>> columns = new ArrayList<>();
        for (ColumnDefinition c : table.columns()) {
            Arbitrary<Object> v = values(c.type().domainFor(targets));
            columns.add(c.nullable() ? v.injectNull(0.2) : v);
        }
        int[] key = table.keyIndexes();
        Arbitrary<List<Object>> row = Combinators.combine(columns).as(ArrayList::new);
        return row.list().ofMinSize(0).ofMaxSize(maxRows).uniqueElements(r -> keyOf(r, key)).map(rs -> new TableRows(table, rs));
    }

    private static List<Object> keyOf(List<Object> row, int[] key) {
        List<Object> k = new ArrayList<>();
        for (int i : key) {
            k.add(row.get(i));
        }
        return k;
    }

    /** Names for tables and columns: mostly plain lower-case words, sometimes reserved words or names that need quoting. */
    public static Arbitrary<String> identifiers() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0', '9').ofMinLength(1).ofMaxLength(12)
                .filter(s -> Character.isLetter(s.charAt(0)));
        return Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(2, Arbitraries.of(ODD_NAMES)));
    }

    /** Names for tables of the engine: as {@link #identifiers()}, without the characters that MariaDB keeps out of file names. */
    private static Arbitrary<String> tableNames() {
        return identifiers().filter(s -> s.indexOf('/') < 0 && s.indexOf('\\') < 0 && s.indexOf('.') < 0);
    }

    /** Values of a domain, of the logical type's Java class: its edge values about one time in four, random ones otherwise. */
    public static Arbitrary<Object> values(ValueDomain domain) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(domain.edgeValues())), Tuple.of(3, random(domain)));
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> random(ValueDomain domain) {
        Arbitrary<?> a;
        if (domain instanceof ValueDomain.Booleans) {
            a = Arbitraries.of(true, false);
        } else if (domain instanceof ValueDomain.Integers d) {
            a = Arbitraries.longs().between(d.min(), d.max());
        } else if (domain instanceof ValueDomain.UnsignedBigints) {
            a = Arbitraries.bigIntegers().between(BigInteger.ZERO, ValueDomain.UnsignedBigints.MAX);
        } else if (domain instanceof ValueDomain.Decimals d) {
            a = decimals(d);
        } else if (domain instanceof ValueDomain.Floats d) {
            a = d.single() ? floats(d.specials()) : doubles(d.specials());
        } else if (domain instanceof ValueDomain.Texts d) {
            a = texts(d);
        } else if (domain instanceof ValueDomain.Bytes d) {
            a = Arbitraries.bytes().array(byte[].class).ofMinSize(d.minLength()).ofMaxSize(Math.min(d.maxLength(), 64));
        } else if (domain instanceof ValueDomain.Bits d) {
            a = Arbitraries.strings().withChars('0', '1').ofLength(d.length());
        } else if (domain instanceof ValueDomain.Dates d) {
            a = Arbitraries.longs().between(d.min().toEpochDay(), d.max().toEpochDay()).map(LocalDate::ofEpochDay);
        } else if (domain instanceof ValueDomain.TimesOfDay d) {
            a = micros(0, 86_399_999_999L, d.digits()).map(m -> LocalTime.ofNanoOfDay(m * 1000));
        } else if (domain instanceof ValueDomain.Timestamps d) {
            a = micros(toMicros(d.min()), toMicros(d.max()), d.digits())
                    .map(m -> LocalDateTime.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000,
                            ZoneOffset.UTC));
        } else if (domain instanceof ValueDomain.Instants d) {
            a = instants(d);
        } else if (domain instanceof ValueDomain.Intervals d) {
            a = intervals(d);
        } else if (domain instanceof ValueDomain.TimesWithZone d) {
            a = Combinators.combine(micros(0, 86_399_999_999L, d.digits()), Arbitraries.integers().between(-14 * 4, 14 * 4))
                    .as((m, quarters) -> OffsetTime.of(LocalTime.ofNanoOfDay(m * 1000), ZoneOffset.ofTotalSeconds(quarters * 900)));
        } else if (domain instanceof ValueDomain.Jsons) {
            a = Json.documents();
        } else if (domain instanceof ValueDomain.Uuids d) {
            // the version digit is bits 12 to 15 of the most significant half
            a = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                    .as((msb, lsb) -> new UUID(d.mariaDb() ? msb & ~0x8000L : msb, lsb));
        } else if (domain instanceof ValueDomain.Labels d) {
            a = d.set() ? Arbitraries.subsetOf(d.labels()).map(s -> String.join(",", d.labels().stream().filter(s::contains).toList()))
                    : Arbitraries.of(d.labels());
        } else if (domain instanceof ValueDomain.ArrayValues d) {
            a = values(d.element()).injectNull(0.2).list().ofMaxSize(5);
        } else {
            throw new IllegalArgumentException("no arbitrary for " + domain);
        }
        return (Arbitrary<Object>) a;
    }

    private static Arbitrary<BigDecimal> decimals(ValueDomain.Decimals d) {
        Arbitrary<Integer> scales = d.fixedScale() ? Arbitraries.just(d.scale()) : Arbitraries.integers().between(0, d.scale());
        return scales.flatMap(scale -> {
            BigInteger max = BigInteger.TEN.pow(d.integerDigits() + scale).subtract(BigInteger.ONE);
            Arbitrary<BigInteger> unscaled = Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.bigIntegers().between(max.negate(), max)),
                    Tuple.of(1, Arbitraries.longs().between(-100_000, 100_000).map(BigInteger::valueOf)));
            return unscaled.map(u -> new BigDecimal(u, scale));
        });
    }

    /** Floats from their bit patterns (every exponent) and from small decimals; without specials, only finite normal values and zero. */
    private static Arbitrary<Float> floats(boolean specials) {
        Arbitrary<Float> bits = Arbitraries.integers().map(Float::intBitsToFloat)
                .filter(f -> specials || Float.isFinite(f) && (f == 0 || Math.abs(f) >= Float.MIN_NORMAL) && !isNegativeZero(f));
        Arbitrary<Float> human = Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 100f);
        return Arbitraries.frequencyOf(Tuple.of(1, bits), Tuple.of(1, human)).filter(f -> specials || !isNegativeZero(f));
    }

    private static Arbitrary<Double> doubles(boolean specials) {
        Arbitrary<Double> bits = Arbitraries.longs().map(Double::longBitsToDouble)
                .filter(d -> specials || Double.isFinite(d) && (d == 0 || Math.abs(d) >= Double.MIN_NORMAL));
        Arbitrary<Double> human = Arbitraries.longs().between(-100_000_000L, 100_000_000L).map(l -> l / 1000d);
        return Arbitraries.frequencyOf(Tuple.of(1, bits), Tuple.of(1, human)).filter(d -> specials || !isNegativeZero(d));
    }

    private static boolean isNegativeZero(double d) {
        return d == 0 && Double.doubleToRawLongBits(d) != 0;
    }

    private static boolean isNegativeZero(float f) {
        return f == 0 && Float.floatToRawIntBits(f) != 0;
    }

    /** Text of code points from several scripts, emoji (4-byte UTF-8) and control characters; NUL only where the domain allows. */
    private static Arbitrary<String> texts(ValueDomain.Texts d) {
        Arbitrary<Integer> codePoint;
        if (d.charset() == ValueDomain.Charset.KEY) {
            codePoint = Arbitraries.of(chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        } else {
            List<Tuple.Tuple2<Integer, Arbitrary<Integer>>> classes = new ArrayList<>(List.of(
                    Tuple.of(8, Arbitraries.integers().between(0x20, 0x7e)),
                    Tuple.of(1, Arbitraries.of((int) '\t', (int) '\n', (int) '\r', 0x01, 0x1f, 0x7f)),
                    Tuple.of(2, Arbitraries.integers().between(0xa0, 0x24f)),
                    Tuple.of(1, Arbitraries.integers().between(0x4e00, 0x9fff)),
                    Tuple.of(2, Arbitraries.integers().between(0x1f300, 0x1faff))));
            if (d.charset() == ValueDomain.Charset.UNICODE_WITH_NUL) {
                classes.add(Tuple.of(1, Arbitraries.just(0)));
            }
            codePoint = Arbitraries.frequencyOf(classes);
        }
        int max = Math.min(d.maxLength(), 40);
        Arbitrary<String> shortText = codePoint.list().ofMinSize(d.minLength() > 0 ? 1 : 0).ofMaxSize(max).map(cps -> {
            StringBuilder b = new StringBuilder();
            cps.forEach(b::appendCodePoint);
            return d.fit(b.toString());
        });
        if (d.maxLength() <= 40) {
            return shortText;
        }
        // now and then a long text: a short one repeated up to the domain's length
        return Arbitraries.frequencyOf(Tuple.of(9, shortText),
                Tuple.of(1, shortText.filter(s -> !s.isEmpty()).map(s -> d.fit(s.repeat(d.maxLength() / s.length() + 1)))));
    }

    private static List<Integer> chars(String s) {
        return s.chars().boxed().toList();
    }

    /** Microseconds between the bounds, a multiple of the unit of the fractional digits (the bounds themselves may not be). */
    private static Arbitrary<Long> micros(long min, long max, int digits) {
        long unit = 1;
        for (int i = digits; i < 6; i++) {
            unit *= 10;
        }
        long u = unit;
        return Arbitraries.longs().between(min, max).map(m -> Math.floorDiv(m, u) * u).filter(m -> m >= min && m <= max);
    }

    private static long toMicros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    private static Arbitrary<OffsetDateTime> instants(ValueDomain.Instants d) {
        long min = Math.addExact(Math.multiplyExact(d.min().getEpochSecond(), 1_000_000L), d.min().getNano() / 1000);
        long max = Math.addExact(Math.multiplyExact(d.max().getEpochSecond(), 1_000_000L), d.max().getNano() / 1000);
        Arbitrary<OffsetDateTime> utc = micros(min, max, d.digits()).map(m -> OffsetDateTime.ofInstant(
                java.time.Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000), Math.floorMod(m, 1_000_000) * 1000L), ZoneOffset.UTC));
        if (!d.keepsOffset()) {
            return utc;
        }
        return Combinators.combine(utc, Arbitraries.integers().between(-18 * 4, 18 * 4))
                .as((t, quarters) -> t.withOffsetSameInstant(ZoneOffset.ofTotalSeconds(quarters * 900)));
    }

    private static Arbitrary<Interval> intervals(ValueDomain.Intervals d) {
        Arbitrary<Long> micros = micros(-d.maxMicros(), d.maxMicros(), d.digits());
        if (!d.monthsAndDays()) {
            return micros.map(Interval::ofMicros);
        }
        return Combinators.combine(Arbitraries.integers().between(-2_000, 2_000), Arbitraries.integers().between(-5_000, 5_000), micros)
                .as(Interval::new);
    }

    /** JSON text, as {@link ValueDomain.Jsons} describes it. */
    private static final class Json {
        private static final List<String> SPACES = List.of("", " ", "\n  ");

        static Arbitrary<String> documents() {
            return Arbitraries.of(SPACES).flatMap(space -> value(space, 3));
        }

        private static Arbitrary<String> value(String space, int depth) {
            Arbitrary<String> scalars = Arbitraries.oneOf(
                    Arbitraries.of("true", "false", "null"),
                    Arbitraries.longs().between(-(1L << 53), 1L << 53).map(String::valueOf),
                    Arbitraries.longs().between(-10_000_000, 10_000_000)
                            .map(l -> BigDecimal.valueOf(l, 3).stripTrailingZeros().toPlainString())
                            .filter(s -> !s.equals("-0")),
                    string());
            if (depth == 0) {
                return scalars;
            }
            Arbitrary<String> array = Arbitraries.lazy(() -> value(space, depth - 1)).list().ofMaxSize(4)
                    .map(items -> "[" + String.join("," + space, items) + "]");
            Arbitrary<String> object = Arbitraries.lazy(() -> Combinators.combine(
                            rawKey().list().ofMaxSize(4).uniqueElements(), value(space, depth - 1).list().ofSize(4))
                    .as((keys, values) -> {
                        List<String> members = new ArrayList<>();
                        for (int i = 0; i < keys.size(); i++) {
                            members.add(quote(keys.get(i)) + ":" + space + values.get(i));
                        }
                        return "{" + String.join("," + space, members) + "}";
                    }));
            return Arbitraries.frequencyOf(Tuple.of(3, scalars), Tuple.of(1, array), Tuple.of(2, object));
        }

        private static Arbitrary<String> rawKey() {
            return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(0).ofMaxLength(6)),
                    Tuple.of(1, Arbitraries.of("Zo\u00eb", "\uD83D\uDE00", "a b", "quote\"", "back\\slash", "\u6570")));
        }

        private static Arbitrary<String> string() {
            return texts(new ValueDomain.Texts(0, 20, ValueDomain.Charset.UNICODE, false)).map(Json::quote);
        }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
    }
}
