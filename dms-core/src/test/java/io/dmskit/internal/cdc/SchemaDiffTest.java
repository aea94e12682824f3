package io.dmskit.internal.cdc;

import io.dmskit.schema.Column;
import io.dmskit.schema.DataType;
import io.dmskit.schema.Table;
import io.dmskit.schema.TableId;
import io.dmskit.schema.TypeKind;
import io.dmskit.spi.ChangeEvent.ColumnChange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaDiffTest {

    private static Table table(String... nameAndKind) {
        List<Column> cols = new java.util.ArrayList<>();
        for (int i = 0; i < nameAndKind.length; i += 2) {
            cols.add(Column.of(nameAndKind[i], DataType.of(TypeKind.valueOf(nameAndKind[i + 1])), true));
        }
        return new Table(TableId.of("s", "t"), cols, List.of(nameAndKind[0]), List.of(), 0);
    }

    @Test
    void aNewColumnAtTheEndIsAdded() {
        assertThat(SchemaDiff.diff(List.of("id", "a"), List.of("id", "a", "b"), null, null))
                .containsExactly(ColumnChange.added("b"));
    }

    @Test
    void aMissingColumnIsDropped() {
        assertThat(SchemaDiff.diff(List.of("id", "a", "b"), List.of("id", "b"), null, null))
                .containsExactly(ColumnChange.dropped("a"));
    }

    @Test
    void aNewNameInTheSamePlaceWithTheSameTypeIsARename() {
        Table before = table("id", "INTEGER", "qty", "INTEGER", "note", "TEXT");
        Table after = table("id", "INTEGER", "amount", "INTEGER", "note", "TEXT");
        assertThat(SchemaDiff.diff(List.of("id", "qty", "note"), List.of("id", "amount", "note"), before, after))
                .containsExactly(ColumnChange.renamed("qty", "amount"));
    }

    @Test
    void aNewNameInTheSamePlaceWithAnotherTypeIsADropAndAnAdd() {
        Table before = table("id", "INTEGER", "qty", "INTEGER");
        Table after = table("id", "INTEGER", "label", "TEXT");
        assertThat(SchemaDiff.diff(List.of("id", "qty"), List.of("id", "label"), before, after))
                .containsExactly(ColumnChange.dropped("qty"), ColumnChange.added("label"));
    }

    @Test
    void aKeptOrRenamedColumnWithAnotherTypeIsATypeChange() {
        Table before = new Table(TableId.of("s", "t"), List.of(Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("name", DataType.ofLength(TypeKind.VARCHAR, 10), true), Column.of("qty", DataType.of(TypeKind.INTEGER), true),
                Column.of("gone", DataType.of(TypeKind.INTEGER), true)), List.of("id"), List.of(), 0);
        Table after = new Table(TableId.of("s", "t"), List.of(Column.of("id", DataType.of(TypeKind.INTEGER), false),
                Column.of("label", DataType.ofLength(TypeKind.VARCHAR, 50), true), Column.of("qty", DataType.of(TypeKind.BIGINT), true)),
                List.of("id"), List.of(), 0);
        List<String> was = List.of("id", "name", "qty", "gone");
        List<ColumnChange> changes = SchemaDiff.diff(was, List.of("id", "label", "qty"), before, after);
        assertThat(changes).containsExactly(ColumnChange.renamed("name", "label"), ColumnChange.dropped("gone"));
        assertThat(SchemaDiff.typeChanges(was, changes, before, after)).containsExactly(
                new SchemaDiff.TypeChange("label", DataType.ofLength(TypeKind.VARCHAR, 10), DataType.ofLength(TypeKind.VARCHAR, 50)),
                new SchemaDiff.TypeChange("qty", DataType.of(TypeKind.INTEGER), DataType.of(TypeKind.BIGINT)));
        assertThat(SchemaDiff.typeChanges(List.of("id"), List.of(), before, after)).isEmpty();
        assertThat(SchemaDiff.typeChanges(was, changes, null, after)).isEmpty();
    }

    @Test
    void onlyLiteralDefaultsAreCopied() {
        assertThat(DdlApplier.literalDefault("5")).isEqualTo("5");
        assertThat(DdlApplier.literalDefault("-1.5")).isEqualTo("-1.5");
        assertThat(DdlApplier.literalDefault("'none'::text")).isEqualTo("'none'");
        assertThat(DdlApplier.literalDefault("'it''s'")).isEqualTo("'it''s'");
        assertThat(DdlApplier.literalDefault("now()")).isNull();
        assertThat(DdlApplier.literalDefault("nextval('s'::regclass)")).isNull();
        assertThat(DdlApplier.literalDefault(null)).isNull();
    }
}
