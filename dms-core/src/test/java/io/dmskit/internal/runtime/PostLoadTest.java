package io.dmskit.internal.runtime;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures of a post-load statement mean that its object is already there (a resumed run), per engine. */
class PostLoadTest {

    @Test
    void objectsThatExistCountAsBuilt() {
        assertThat(PostLoad.alreadyExists(new SQLException("relation \"ix\" already exists", "42P07"))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("constraint \"fk\" already exists", "42710"))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("Duplicate key name 'ix'", "42000", 1061))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("Duplicate CHECK constraint name 'ck'", "HY000", 1826))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("Table 'v' already exists", "42S01", 1050))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("Can't create table `d`.`p` (errno: 121 \"Duplicate key on write"
                + " or update\")", "HY000", 1005))).isTrue();
        assertThat(PostLoad.alreadyExists(new SQLException("Index \"IX\" already exists", "42111"))).isTrue();
    }

    @Test
    void realFailuresAreNot() {
        assertThat(PostLoad.alreadyExists(new SQLException("CONSTRAINT `ck` failed for `d`.`p`", "23000", 4025))).isFalse();
        assertThat(PostLoad.alreadyExists(new SQLException("Duplicate entry 'a' for key 'u'", "23000", 1062))).isFalse();
        assertThat(PostLoad.alreadyExists(new SQLException("Can't create table `d`.`p` (errno: 150 \"Foreign key constraint"
                + " is incorrectly formed\")", "HY000", 1005))).isFalse();
        assertThat(PostLoad.alreadyExists(new SQLException("could not create unique index", "23505"))).isFalse();
    }
}
