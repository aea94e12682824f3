package io.dmskit.testkit.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcUrlTest {

    @Test
    void takesCredentialsOutOfTheParameters() {
        JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&ssl=false&password=p%26w");
        assertThat(url.database()).isEqualTo("postgres");
        assertThat(url.user()).isEqualTo("postgres");
        assertThat(url.password()).isEqualTo("p&w");
        assertThat(url.withDatabase("dmskit_x")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/dmskit_x?ssl=false");
        assertThat(url.withoutCredentials()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres?ssl=false");
        assertThat(url.hosts()).isEqualTo("127.0.0.1:5432");
        assertThat(url.toString()).doesNotContain("p&w");
    }

    @Test
    void acceptsAServerUrlThatNamesNoDatabase() {
        JdbcUrl url = JdbcUrl.parse("jdbc:mariadb://127.0.0.1:3306/?user=root");
        assertThat(url.database()).isEmpty();
        assertThat(url.user()).isEqualTo("root");
        assertThat(url.password()).isNull();
        assertThat(url.withDatabase("dmskit_x")).isEqualTo("jdbc:mariadb://127.0.0.1:3306/dmskit_x");
        assertThat(JdbcUrl.parse("jdbc:mysql://db").withDatabase("d")).isEqualTo("jdbc:mysql://db/d");
        assertThat(JdbcUrl.parse("jdbc:mysql://db?useSSL=false").withDatabase("d")).isEqualTo("jdbc:mysql://db/d?useSSL=false");
    }

    @Test
    void takesCredentialsOutOfTheAuthority() {
        JdbcUrl url = JdbcUrl.parse("jdbc:mysql://app:secret@db1:3306,db2:3306/shop");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("secret");
        assertThat(url.withDatabase("t")).isEqualTo("jdbc:mysql://db1:3306,db2:3306/t");
    }

    @Test
    void masksPasswords() {
        assertThat(JdbcUrl.mask("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(JdbcUrl.mask("jdbc:mysql://app:secret@db:3306/shop")).isEqualTo("jdbc:mysql://app:***@db:3306/shop");
    }

    @Test
    void rejectsUrlsThatNameNoServer() {
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:h2:mem:x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a server URL of the form jdbc:<engine>://host[:port]/[database][?user=...&password=...]: jdbc:h2:mem:x");
        assertThatThrownBy(() -> JdbcUrl.parse("postgresql://h/db")).hasMessage("not a JDBC URL: postgresql://h/db");
        assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql:///db")).hasMessage("the URL names no host: jdbc:postgresql:///db");
    }
}
