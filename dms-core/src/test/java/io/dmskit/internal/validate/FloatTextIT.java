package io.dmskit.internal.validate;

import io.dmskit.schema.DataType;
import io.dmskit.schema.TypeKind;
import io.dmskit.validate.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random doubles and floats of every magnitude get the same canonical text in MariaDB's SQL,
 * PostgreSQL's SQL and Java, except the documented PostgreSQL exception: integral doubles above
 * 2^53 that it prints with a digit more than the shortest (their ranges are then compared in Java).
 */
class FloatTextIT {

    @Test
    void floatTextIsTheSameInBothEnginesAndJava() throws Exception {
        Random random = new Random(11);
        List<Double> doubles = new ArrayList<>();
        while (doubles.size() < 3000) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                doubles.add(d);
            }
        }
        for (int e = -30; e <= 30; e++) {
            doubles.add(Math.pow(10, e));
            doubles.add(1.5 * Math.pow(10, e));
        }
        List<Float> floats = new ArrayList<>();
        while (floats.size() < 1000) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                floats.add(f);
            }
        }
        try (TestDb pg = TestDb.create(TestDb.Kind.POSTGRESQL, "val_float"); TestDb maria = TestDb.create(TestDb.Kind.MARIADB, "val_float")) {
            pg.execute("CREATE TABLE f (id int PRIMARY KEY, d float8, r real)");
            maria.execute("CREATE TABLE f (id int PRIMARY KEY, d DOUBLE, r FLOAT)");
            for (TestDb db : List.of(pg, maria)) {
                try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO f VALUES (?, ?, ?)")) {
                    for (int i = 0; i < doubles.size(); i++) {
                        ps.setInt(1, i);
                        ps.setDouble(2, doubles.get(i));
                        if (i < floats.size()) {
                            ps.setFloat(3, floats.get(i));
                        } else {
                            ps.setNull(3, java.sql.Types.REAL);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            DataType dt = DataType.of(TypeKind.DOUBLE);
            DataType rt = DataType.of(TypeKind.REAL);
            Map<Integer, String[]> inPg = texts(pg, new CanonicalSql.Postgres(), dt, rt);
            Map<Integer, String[]> inMaria = texts(maria, new CanonicalSql.MySql(), dt, rt);
            int postgresLonger = 0;
            for (int i = 0; i < doubles.size(); i++) {
                double d = doubles.get(i);
                String java = CanonicalForm.FLOAT.canonical(d);
                assertThat(inMaria.get(i)[0]).as("MariaDB text of %s", d).isEqualTo(java);
                if (!inPg.get(i)[0].equals(java)) {
                    assertThat(Math.abs(d)).as("PostgreSQL text %s of %s", inPg.get(i)[0], d).isGreaterThan(0x1p53);
                    assertThat(d).isEqualTo(Math.rint(d));
                    assertThat(Double.parseDouble(inPg.get(i)[0])).isEqualTo(d);
                    postgresLonger++;
                }
                if (i < floats.size()) {
                    String f = CanonicalForm.FLOAT.canonical(floats.get(i));
                    assertThat(inMaria.get(i)[1]).as("MariaDB text of float %s", floats.get(i)).isEqualTo(f);
                    double w = floats.get(i);
                    if (!inPg.get(i)[1].equals(f)) {
                        assertThat(Math.abs(w)).as("PostgreSQL text %s of float %s", inPg.get(i)[1], w).isGreaterThan(0x1p53);
                        assertThat(Double.parseDouble(inPg.get(i)[1])).isEqualTo(w);
                        postgresLonger++;
                    }
                }
            }
            assertThat(postgresLonger).isLessThan(doubles.size() / 20);
            System.out.println("PostgreSQL printed " + postgresLonger + " of " + (doubles.size() + floats.size())
                    + " integral floats above 2^53 with a digit more than the shortest");
        }
    }

    private static Map<Integer, String[]> texts(TestDb db, CanonicalSql sql, DataType d, DataType r) throws Exception {
        Map<Integer, String[]> out = new HashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, " + sql.canonical(CanonicalForm.FLOAT, d, "d") + ", "
                     + sql.canonical(CanonicalForm.FLOAT, r, "r") + " FROM f")) {
            while (rs.next()) {
                out.put(rs.getInt(1), new String[]{rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}
