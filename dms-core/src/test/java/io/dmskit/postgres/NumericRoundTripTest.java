package io.dmskit.postgres;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numeric encoder's two ways (from a long, and digit by digit) and the COPY reader's decoder
 * agree: every value comes back with its value and scale, in PostgreSQL's canonical form (no
 * leading or trailing zero base-10000 digit).
 */
class NumericRoundTripTest {

    @Test
    void everyValueComesBackWithItsScale() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        PgEncoders.NumericEncoder enc = new PgEncoders.NumericEncoder(0, -1);
        CopyBuffer out = new CopyBuffer(1 << 10);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + r.nextInt(30);
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < digits; k++) {
                s.append((char) ('0' + r.nextInt(10)));
            }
            BigInteger unscaled = new BigInteger(s.toString());
            if (r.nextBoolean()) {
                unscaled = unscaled.negate();
            }
            int scale = r.nextInt(8) == 0 ? -r.nextInt(5) : r.nextInt(24);
            BigDecimal v = new BigDecimal(unscaled, scale);
            out.truncate(0);
            enc.encode(v, out);
            byte[] b = out.array();
            int len = PgCopyRowReader.int32(b, 0);
            assertThat(len).isEqualTo(out.position() - 4);
            int ndigits = ((b[4] & 0xFF) << 8) | (b[5] & 0xFF);
            if (ndigits > 0) {
                assertThat(((b[12] & 0xFF) << 8) | (b[13] & 0xFF)).as("first digit of %s", v).isNotZero();
                int last = 12 + 2 * (ndigits - 1);
                assertThat(((b[last] & 0xFF) << 8) | (b[last + 1] & 0xFF)).as("last digit of %s", v).isNotZero();
            }
            BigDecimal back = (BigDecimal) PgCopyRowReader.numeric(b, 4, len);
            BigDecimal expected = scale < 0 ? v.setScale(0) : v;
            assertThat(back).as("%s", v).isEqualTo(expected);
        }
    }
}
