package io.dmskit.internal.convert;

import io.dmskit.error.DmsException;
import io.dmskit.error.ErrorCode;
import io.dmskit.internal.convert.Coercion.LossException;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Interval;
import io.dmskit.schema.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Plans the conversion of values from a source column's type to a target column's type: the only
 * place in the copy pipeline where a value's class changes. Every conversion either keeps the
 * value exactly or fails for that value with the reason (a number out of range, digits that would
 * be rounded, a time with more fractional digits than the target keeps); none is silent.
 */
public final class Coercions {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private Coercions() {
    }

    /**
     * The conversion from values of {@code from} to values of {@code to}, or null when values pass
     * unchanged.
     *
     * @throws DmsException with {@link ErrorCode#UNSUPPORTED_TYPE} when no value of {@code from}
     *         can become a value of {@code to}; the caller adds table and column
     */
    public static Coercion plan(DataType from, DataType to) {
        Class<?> src = from.javaClass();
        Class<?> dst = to.javaClass();
        TypeKind tk = to.kind();
        if (tk == TypeKind.UNSUPPORTED || from.kind() == TypeKind.UNSUPPORTED) {
            throw impossible(from, to);
        }
        if (tk.isInteger() || tk == TypeKind.YEAR) {
            return toInteger(from, to);
        }
        if (tk == TypeKind.DECIMAL) {
            return toDecimal(from, to);
        }
        if (src == dst) {
            return sameClass(from, to);
        }
        Coercion c = crossClass(from, to);
        if (c == null) {
            throw impossible(from, to);
        }
        return c;
    }

    private static DmsException impossible(DataType from, DataType to) {
        return new DmsException(ErrorCode.UNSUPPORTED_TYPE, "values of type " + from.nativeName()
                + " cannot be converted to " + to.nativeName());
    }

    // ---- integers ----------------------------------------------------------------------------

    /** The smallest and largest value of an integer kind; null for "beyond long". */
    static BigInteger[] integerRange(DataType t) {
        int bits = switch (t.kind()) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case MEDIUMINT -> 24;
            case INTEGER -> 32;
            case BIGINT -> 64;
            case YEAR -> 16;
            case BOOLEAN -> 1;
            default -> 0;
        };
        if (bits == 0) {
            return null;
        }
        if (t.kind() == TypeKind.BOOLEAN) {
            return new BigInteger[]{BigInteger.ZERO, BigInteger.ONE};
        }
        if (t.unsigned()) {
            return new BigInteger[]{BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)};
        }
        return new BigInteger[]{BigInteger.ONE.shiftLeft(bits - 1).negate(),
                BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)};
    }

    private static Coercion toInteger(DataType from, DataType to) {
        BigInteger[] dst = integerRange(to);
        long min = dst[0].max(LONG_MIN).longValue();
        long max = dst[1].min(LONG_MAX).longValue();
        String name = to.nativeName();
        boolean bigTarget = to.isUnsignedBigint();
        BigInteger[] src = integerRange(from);
        if (src != null && from.kind() != TypeKind.BOOLEAN) {
            boolean fits = src[0].compareTo(dst[0]) >= 0 && src[1].compareTo(dst[1]) <= 0;
            if (fits && from.isUnsignedBigint() == bigTarget) {
                return null;
            }
            if (from.isUnsignedBigint()) {
                return v -> {
                    BigInteger b = (BigInteger) v;
                    checkRange(b, dst, name);
                    return bigTarget ? b : (Object) b.longValue();
                };
            }
            if (bigTarget) {
                return v -> {
                    long l = (Long) v;
                    if (l < 0) throw new LossException(l + " is out of range for " + name);
                    return BigInteger.valueOf(l);
                };
            }
            return v -> {
                long l = (Long) v;
                if (l < min || l > max) {
                    throw new LossException(l + " is out of range for " + name);
                }
                return v;
            };
        }
        Class<?> c = from.javaClass();
        if (c == Boolean.class) {
            return v -> (Boolean) v ? 1L : 0L;
        }
        if (c == BigDecimal.class || c == String.class || c == Double.class || c == Float.class) {
            return v -> {
                BigInteger b;
                try {
                    BigDecimal d = v instanceof BigDecimal bd ? bd
                            : v instanceof String s ? new BigDecimal(s.trim())
                            : new BigDecimal(v.toString());
                    b = d.toBigIntegerExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new LossException("'" + v + "' is not an integer, as " + name + " needs");
                }
                checkRange(b, dst, name);
                return bigTarget ? b : (Object) b.longValue();
            };
        }
        throw impossible(from, to);
    }

    private static void checkRange(BigInteger b, BigInteger[] range, String name) {
        if (b.compareTo(range[0]) < 0 || b.compareTo(range[1]) > 0) {
            throw new LossException(b + " is out of range for " + name);
        }
    }

    // ---- decimals ----------------------------------------------------------------------------

    private static Coercion toDecimal(DataType from, DataType to) {
        int p = to.precision();
        int s = Math.max(0, to.scale());
        boolean bounded = p > 0;
        String name = to.nativeName();
        Coercion check = !bounded ? null : v -> {
            BigDecimal d = (BigDecimal) v;
            int strippedScale;
            int integerDigits;
            if (d.signum() == 0) {
                // stripTrailingZeros() of any zero is BigDecimal.ZERO: scale 0, precision 1
                strippedScale = 0;
                integerDigits = 1;
            } else if (d.precision() <= 18) {
                // what stripTrailingZeros() gives, without making it: the unscaled long (with scale 0 a
                // compact BigDecimal's longValue() is that long, and the temporary does not escape)
                // loses its trailing zeros, and the digits before the point stay as they are
                long u = d.scaleByPowerOfTen(d.scale()).longValue();
                int zeros = 0;
                while (u % 10 == 0) {
                    u /= 10;
                    zeros++;
                }
                strippedScale = d.scale() - zeros;
                integerDigits = d.precision() - d.scale();
            } else {
                BigDecimal stripped = d.stripTrailingZeros();
                strippedScale = stripped.scale();
                integerDigits = stripped.precision() - stripped.scale();
            }
            if (strippedScale > s) {
                throw new LossException(d.toPlainString() + " has more than " + s + " digits after the point and would be rounded in " + name);
            }
            if (integerDigits > p - s) {
                throw new LossException(d.toPlainString() + " is out of range for " + name);
            }
            return v;
        };
        Class<?> c = from.javaClass();
        if (c == BigDecimal.class) {
            boolean fits = from.precision() > 0 && from.scale() >= 0 && from.scale() <= s
                    && from.precision() - from.scale() <= p - s;
            return !bounded || fits ? null : check;
        }
        Coercion toBig;
        if (c == Long.class) {
            toBig = v -> BigDecimal.valueOf((Long) v);
        } else if (c == BigInteger.class) {
            toBig = v -> new BigDecimal((BigInteger) v);
        } else if (c == Boolean.class) {
            toBig = v -> (Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (c == Double.class || c == Float.class) {
            toBig = v -> {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new LossException(v + " has no exact decimal value for " + name);
                }
                return c == Float.class ? new BigDecimal(v.toString()) : BigDecimal.valueOf(d);
            };
        } else if (c == String.class) {
            toBig = v -> {
                try {
                    return new BigDecimal(((String) v).trim());
                } catch (NumberFormatException e) {
                    throw new LossException("'" + v + "' is not a number, as " + name + " needs");
                }
            };
        } else {
            throw impossible(from, to);
        }
        return check == null ? toBig : v -> check.apply(toBig.apply(v));
    }

    // ---- same class: precision and length checks -------------------------------------------

    private static Coercion sameClass(DataType from, DataType to) {
        TypeKind tk = to.kind();
        switch (tk) {
            case TIMESTAMP, TIMESTAMP_TZ, TIME, TIME_TZ, INTERVAL -> {
                int fp = Math.max(0, from.precision() < 0 ? 6 : from.precision());
                int tp = to.precision() < 0 ? 6 : to.precision();
                if (tp >= fp) {
                    return null;
                }
                long unit = pow10(9 - Math.min(9, tp));
                String name = to.nativeName();
                return v -> {
                    long nanos = nanosOf(v);
                    if (nanos % unit != 0) {
                        throw new LossException(v + " has more fractional digits of seconds than " + name + " keeps (" + tp + ")");
                    }
                    return v;
                };
            }
            case CHAR, VARCHAR -> {
                int len = to.length();
                if (len <= 0 || (from.length() > 0 && from.length() <= len && from.kind() != TypeKind.TEXT)) {
                    return null;
                }
                String name = to.nativeName();
                return v -> {
                    String s = (String) v;
                    if (s.length() > len && s.codePointCount(0, s.length()) > len) {
                        throw new LossException("a text of " + s.codePointCount(0, s.length())
                                + " characters does not fit " + name, true);
                    }
                    return v;
                };
            }
            case BINARY, VARBINARY -> {
                int len = to.length();
                if (len <= 0 || (from.length() > 0 && from.length() <= len && !from.kind().equals(TypeKind.BLOB))) {
                    return null;
                }
                String name = to.nativeName();
                return v -> {
                    if (((byte[]) v).length > len) {
                        throw new LossException("a binary value of " + ((byte[]) v).length + " bytes does not fit " + name, true);
                    }
                    return v;
                };
            }
            case BIT -> {
                int len = to.length();
                if (len <= 0 || (from.length() > 0 && from.length() <= len)) {
                    return null;
                }
                String name = to.nativeName();
                return v -> {
                    if (((String) v).length() > len) {
                        throw new LossException("a bit string of " + ((String) v).length() + " bits does not fit " + name, true);
                    }
                    return v;
                };
            }
            default -> {
                return null;
            }
        }
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }

    private static long nanosOf(Object v) {
        if (v instanceof LocalDateTime t) return t.getNano();
        if (v instanceof OffsetDateTime t) return t.getNano();
        if (v instanceof LocalTime t) return t.getNano();
        if (v instanceof OffsetTime t) return t.getNano();
        if (v instanceof Interval i) return Math.floorMod(i.micros(), 1_000_000L) * 1_000L;
        return 0;
    }

    // ---- different classes ------------------------------------------------------------------

    private static Coercion crossClass(DataType from, DataType to) {
        Class<?> src = from.javaClass();
        Class<?> dst = to.javaClass();
        String name = to.nativeName();
        if (dst == String.class) {
            Coercion text = toText(from);
            Coercion check = sameClass(DataType.ofLength(TypeKind.TEXT, 0), to);
            return check == null ? text : v -> check.apply(text.apply(v));
        }
        if (dst == Boolean.class) {
            if (src == Long.class) {
                return v -> {
                    long l = (Long) v;
                    if (l == 0 || l == 1) return l == 1;
                    throw new LossException(l + " is not 0 or 1, as " + name + " needs");
                };
            }
            if (src == String.class) {
                return v -> switch (((String) v).trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "1", "t", "true", "y", "yes", "on" -> Boolean.TRUE;
                    case "0", "f", "false", "n", "no", "off" -> Boolean.FALSE;
                    default -> throw new LossException("'" + v + "' is not a boolean, as " + name + " needs");
                };
            }
            return null;
        }
        if (dst == Double.class || dst == Float.class) {
            boolean isFloat = dst == Float.class;
            if (src == Float.class) {
                return v -> (double) (Float) v;
            }
            if (src == Double.class) {
                return v -> {
                    double d = (Double) v;
                    float f = (float) d;
                    if (f != d && !Double.isNaN(d)) throw new LossException(d + " is not exact as " + name);
                    return f;
                };
            }
            if (src == Long.class || src == BigInteger.class || src == BigDecimal.class || src == String.class) {
                return v -> {
                    BigDecimal d;
                    try {
                        d = v instanceof BigDecimal b ? b : new BigDecimal(v.toString().trim());
                    } catch (NumberFormatException e) {
                        throw new LossException("'" + v + "' is not a number, as " + name + " needs");
                    }
                    double x = d.doubleValue();
                    Object r = isFloat ? (Object) (float) x : (Object) x;
                    BigDecimal back = isFloat ? new BigDecimal(Float.toString((float) x)) : BigDecimal.valueOf(x);
                    if (Double.isInfinite(x) || back.compareTo(d) != 0) {
                        throw new LossException(d.toPlainString() + " is not exact as " + name);
                    }
                    return r;
                };
            }
            return null;
        }
        if (dst == UUID.class && src == String.class) {
            return v -> {
                try {
                    return UUID.fromString(((String) v).trim());
                } catch (IllegalArgumentException e) {
                    throw new LossException("'" + v + "' is not a UUID");
                }
            };
        }
        if (dst == UUID.class && src == byte[].class) {
            return v -> {
                byte[] b = (byte[]) v;
                if (b.length != 16) throw new LossException("a binary value of " + b.length + " bytes is not a UUID (16 bytes)");
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
                return new UUID(bb.getLong(), bb.getLong());
            };
        }
        if (dst == byte[].class && src == UUID.class) {
            return v -> {
                UUID u = (UUID) v;
                return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
            };
        }
        if (dst == byte[].class && src == String.class) {
            return v -> ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (dst == LocalDateTime.class) {
            if (src == OffsetDateTime.class) {
                return v -> ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            if (src == LocalDate.class) {
                return v -> ((LocalDate) v).atStartOfDay();
            }
            return null;
        }
        if (dst == OffsetDateTime.class) {
            if (src == LocalDateTime.class) {
                return v -> ((LocalDateTime) v).atOffset(ZoneOffset.UTC);
            }
            if (src == LocalDate.class) {
                return v -> ((LocalDate) v).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return null;
        }
        if (dst == LocalDate.class && (src == LocalDateTime.class || src == OffsetDateTime.class)) {
            return v -> {
                LocalDateTime t = v instanceof OffsetDateTime o
                        ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) v;
                if (!t.toLocalTime().equals(LocalTime.MIDNIGHT)) {
                    throw new LossException(v + " has a time of day, which " + name + " would drop");
                }
                return t.toLocalDate();
            };
        }
        if (dst == LocalTime.class && src == Interval.class) {
            return v -> {
                Interval i = (Interval) v;
                long micros = i.micros() + (long) i.days() * MICROS_PER_DAY;
                if (i.months() != 0 || micros < 0 || micros >= MICROS_PER_DAY) {
                    throw new LossException("interval " + i + " is not a time of day, as " + name + " needs");
                }
                return LocalTime.ofNanoOfDay(micros * 1_000L);
            };
        }
        if (dst == Interval.class && src == LocalTime.class) {
            return v -> {
                LocalTime t = (LocalTime) v;
                if (t.getNano() % 1_000 != 0) throw new LossException(t + " has nanoseconds, which " + name + " drops");
                return Interval.ofMicros(t.toNanoOfDay() / 1_000L);
            };
        }
        if (dst == List.class && src == List.class) {
            return null;
        }
        return null;
    }

    /** Any value as text: the form that the value's own type would print, JSON for arrays. */
    private static Coercion toText(DataType from) {
        Class<?> src = from.javaClass();
        if (src == List.class) {
            return v -> Json.write((List<?>) v);
        }
        if (src == BigDecimal.class) {
            return v -> ((BigDecimal) v).toPlainString();
        }
        if (src == byte[].class) {
            return v -> {
                String s = new String((byte[]) v, java.nio.charset.StandardCharsets.UTF_8);
                if (!java.util.Arrays.equals(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), (byte[]) v)) {
                    throw new LossException("a binary value that is not UTF-8 text cannot become text");
                }
                return s;
            };
        }
        return Object::toString;
    }
}
