package io.dmskit.schema.sql;

import io.dmskit.schema.Catalog;
import io.dmskit.schema.ConversionNote.Outcome;
import io.dmskit.schema.Dialects;
import io.dmskit.schema.Routine;
import io.dmskit.schema.SqlTranslator;
import io.dmskit.schema.SqlTranslator.Translation;
import io.dmskit.schema.TableId;
import io.dmskit.schema.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProceduralTranslationTest {

    private static SqlTranslator.Context context(String from, String to, List<Routine> routines) {
        Catalog source = new Catalog(List.of(), from, List.of(), List.of(), List.of(), List.of(), routines);
        return new SqlTranslator.Context(source, Dialects.forEngine(from).orElseThrow(), Dialects.forEngine(to).orElseThrow(),
                new Catalog(List.of()), null);
    }

    @Test
    void mysqlTriggerBecomesAPostgresTriggerFunction() {
        Trigger t = new Trigger(TableId.of("shop", "trg_total"), TableId.of("shop", "orders"), Trigger.Timing.BEFORE,
                List.of(Trigger.Event.INSERT), true, null,
                "BEGIN\n  IF NEW.qty < 0 THEN\n    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'negative';\n  END IF;\n"
                        + "  SET NEW.total = IFNULL(NEW.qty, 0) * NEW.price;\nEND", null, 1, "CREATE TRIGGER trg_total ...");
        Translation r = ParsingSqlTranslator.create().trigger(t, context("mariadb", "postgresql", List.of()));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.AUTOMATIC);
        assertThat(r.statements()).containsExactly(
                "CREATE FUNCTION \"shop\".\"trg_total_fn\"() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                        + "  IF NEW.\"qty\" < 0 THEN\n    RAISE EXCEPTION USING ERRCODE = '45000', MESSAGE = 'negative';\n  END IF;\n"
                        + "  NEW.\"total\" := COALESCE(NEW.\"qty\", 0) * NEW.\"price\";\n  RETURN NEW;\nEND;\n$$",
                "CREATE TRIGGER \"trg_total\" BEFORE INSERT ON \"shop\".\"orders\" FOR EACH ROW EXECUTE FUNCTION "
                        + "\"shop\".\"trg_total_fn\"()");
    }

    @Test
    void postgresTriggerFunctionBecomesOneMySqlTriggerPerEvent() {
        Routine fn = new Routine(TableId.of("shop", "touch"), Routine.Kind.FUNCTION, List.of(), "trigger", "plpgsql",
                "\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n", false, "CREATE FUNCTION shop.touch() ...", null);
        Trigger t = new Trigger(TableId.of("shop", "trg_touch"), TableId.of("shop", "orders"), Trigger.Timing.BEFORE,
                List.of(Trigger.Event.INSERT, Trigger.Event.UPDATE), true, null, "EXECUTE FUNCTION shop.touch()",
                TableId.of("shop", "touch"), 0, "CREATE TRIGGER trg_touch ...");
        Translation r = ParsingSqlTranslator.create().trigger(t, context("postgresql", "mariadb", List.of(fn)));
        assertThat(r.outcome()).isEqualTo(Outcome.WARNING);
        assertThat(r.statements()).containsExactly(
                "CREATE TRIGGER `shop`.`trg_touch_insert` BEFORE INSERT ON `shop`.`orders` FOR EACH ROW\nBEGIN\n"
                        + "  SET NEW.`updated_at` = UTC_TIMESTAMP();\nEND",
                "CREATE TRIGGER `shop`.`trg_touch_update` BEFORE UPDATE ON `shop`.`orders` FOR EACH ROW\nBEGIN\n"
                        + "  SET NEW.`updated_at` = UTC_TIMESTAMP();\nEND");
    }

    @Test
    void mysqlFunctionBecomesPlpgsql() {
        Routine f = new Routine(TableId.of("shop", "net"), Routine.Kind.FUNCTION,
                List.of(new Routine.Parameter("amount", null, "decimal(10,2)"), new Routine.Parameter("rate", null, "int")),
                "decimal(10,2)", "SQL", "BEGIN\n  DECLARE f DECIMAL(10,4) DEFAULT 1;\n  SET f = 1 + rate / 100;\n"
                + "  RETURN ROUND(amount * f, 2);\nEND", true, "CREATE FUNCTION net ...", null);
        Translation r = ParsingSqlTranslator.create().routine(f, context("mariadb", "postgresql", List.of()));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.AUTOMATIC);
        assertThat(r.statements().get(0)).isEqualTo("CREATE FUNCTION \"shop\".\"net\"(amount numeric(10,2), rate integer) "
                + "RETURNS numeric(10,2) LANGUAGE plpgsql AS $$\nDECLARE\n  f numeric(10,4) := 1;\nBEGIN\n"
                + "  f := 1 + rate / 100;\n  RETURN ROUND(amount * f, 2);\nEND;\n$$");
    }

    @Test
    void postgresSqlFunctionBecomesAMySqlReturn() {
        Routine f = new Routine(TableId.of("public", "add_one"), Routine.Kind.FUNCTION,
                List.of(new Routine.Parameter(null, null, "integer")), "integer", "sql", "SELECT $1 + 1", true,
                "CREATE FUNCTION add_one(integer) ...", null);
        Translation r = ParsingSqlTranslator.create().routine(f, context("postgresql", "mysql", List.of()));
        assertThat(r.outcome()).as(r.message()).isEqualTo(Outcome.AUTOMATIC);
        assertThat(r.statements().get(0)).isEqualTo("CREATE FUNCTION `public`.`add_one`(p1 INT) RETURNS INT DETERMINISTIC\n"
                + "BEGIN\n  RETURN p1 + 1;\nEND");
    }

    @Test
    void loopsAndH2TriggersAreActionItems() {
        Routine f = new Routine(TableId.of("shop", "loop_it"), Routine.Kind.PROCEDURE, List.of(), null, "SQL",
                "BEGIN\n  WHILE 1 DO\n    SELECT 1;\n  END WHILE;\nEND", false, "CREATE PROCEDURE loop_it ...", null);
        Translation r = ParsingSqlTranslator.create().routine(f, context("mariadb", "postgresql", List.of()));
        assertThat(r.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(r.message()).contains("is not translated");

        Trigger t = new Trigger(TableId.of("PUBLIC", "T1"), TableId.of("PUBLIC", "T"), Trigger.Timing.AFTER,
                List.of(Trigger.Event.INSERT), true, null, "CALL \"com.example.Audit\"", null, 0, "CREATE TRIGGER T1 ...");
        Translation h2 = ParsingSqlTranslator.create().trigger(t, context("h2", "postgresql", List.of()));
        assertThat(h2.outcome()).isEqualTo(Outcome.MANUAL);
        assertThat(h2.message()).startsWith("H2 triggers are Java classes");
    }
}
