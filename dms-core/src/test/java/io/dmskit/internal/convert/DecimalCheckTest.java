package io.dmskit.internal.convert;

import io.dmskit.schema.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The decimal range check refuses exactly the values that stripping their trailing zeros shows do not fit. */
class DecimalCheckTest {

    @Test
    void refusesExactlyWhatStrippedValuesShowDoesNotFit() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 40; t++) {
            int p = 1 + r.nextInt(30);
            int s = r.nextInt(p + 1);
            Coercion c = Coercions.plan(DataType.decimal(38, 12), DataType.decimal(p, s));
            for (int i = 0; i < 5_000; i++) {
                BigInteger u = new BigInteger(1 + r.nextInt(90), new java.util.Random(r.nextLong()));
                if (r.nextInt(5) == 0) {
                    u = u.multiply(BigInteger.TEN.pow(r.nextInt(6)));
                }
                if (r.nextInt(20) == 0) {
                    u = BigInteger.ZERO;
                }
                BigDecimal v = new BigDecimal(r.nextBoolean() ? u : u.negate(), r.nextInt(16) - 3);
                BigDecimal stripped = v.stripTrailingZeros();
                boolean fits = stripped.scale() <= s && stripped.precision() - stripped.scale() <= p - s;
                boolean accepted;
                try {
                    c.apply(v);
                    accepted = true;
                } catch (Coercion.LossException e) {
                    accepted = false;
                }
                assertThat(accepted).as("%s into decimal(%s,%s)", v, p, s).isEqualTo(fits);
            }
        }
    }
}
