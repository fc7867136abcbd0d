package org.hotline.cti.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secrets never in logs or errors: a bad config names the file, the key and what is wrong, and
 * never echoes a password written into a URL (STYLE 6).
 */
class ConfigSecretsTest {
    private static ServerConfig parse(String yaml) {
        return ServerConfig.from(
                ConfigNode.parse("cti.yaml", yaml, ConfigNode.envOf(Map.of("DB_PW", "fr0m-env"))), Path.of("config"));
    }

    @Test
    void aDatabaseUrlThatIsNotJdbcIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> parse("""
                        ami: {username: cti, secret: x}
                        database: {url: "postgresql://cti:s3cret@db.example:5432/cti"}
                        """))
                .hasMessage("cti.yaml: database.url: must be a JDBC URL (jdbc:h2:… or jdbc:postgresql:…), "
                        + "was 'postgresql://cti:<masked>@db.example:5432/cti'")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> parse("""
                        ami: {username: cti, secret: x}
                        database: {url: "pg://db/cti?user=cti&password=${DB_PW}"}
                        """))
                .hasMessageContaining("database.url: must be a JDBC URL")
                .hasMessageContaining("password=<masked>")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("fr0m-env"));
    }

    @Test
    void activeStandbyOnH2IsRefusedWithoutThePasswordInItsUrl() {
        assertThatThrownBy(() -> parse("""
                        ami: {username: cti, secret: x}
                        database: {url: "jdbc:h2:file:./data/cti;USER=sa;PASSWORD=h2s3cret"}
                        ha: {enabled: true}
                        """))
                .hasMessageContaining("ha.enabled: active/standby needs PostgreSQL")
                .hasMessageContaining("PASSWORD=<masked>")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("h2s3cret"));
    }

    @Test
    void theConfigPrintsNoSecret() {
        ServerConfig c = parse("""
                ami: {username: cti, secret: am1-secret}
                database: {url: "jdbc:postgresql://db/cti?user=cti&password=s3cret", password: db-pw}
                """);
        assertThat(c.toString())
                .doesNotContain("am1-secret")
                .doesNotContain("s3cret")
                .doesNotContain("db-pw")
                .contains("jdbc:postgresql://db/cti?user=cti&password=<masked>");
    }
}
