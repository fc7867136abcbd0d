package org.hotline.cti;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Secrets never in logs or errors: every URL a user wrote is printed masked. */
class SecretsTest {
    @Test
    void passwordsInUrlsAreMaskedAndTheRestIsKept() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/cti?user=cti&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/cti?user=cti&password=<masked>&ssl=true");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/cti?sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://db/cti?sslpassword=<masked>");
        assertThat(Secrets.maskUrl("jdbc:h2:file:./data/cti;USER=sa;PASSWORD=abc;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./data/cti;USER=sa;PASSWORD=<masked>;MODE=PostgreSQL");
        assertThat(Secrets.maskUrl("postgresql://cti:s3cret@db.example:5432/cti"))
                .isEqualTo("postgresql://cti:<masked>@db.example:5432/cti");
        assertThat(Secrets.maskUrl("http://admin:p@ss@127.0.0.1:8080/api"))
                .as("an @ in the password")
                .isEqualTo("http://admin:<masked>@127.0.0.1:8080/api");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db:5432/cti")).isEqualTo("jdbc:postgresql://db:5432/cti");
        assertThat(Secrets.maskUrl("jdbc:h2:file:./data/cti")).isEqualTo("jdbc:h2:file:./data/cti");
        assertThat(Secrets.maskUrl("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(Secrets.maskUrl(null)).isNull();
    }
}
