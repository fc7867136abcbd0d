package org.hotline.cti.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hotline.cti.domain.rotation.EntityServed;
import org.hotline.cti.domain.rotation.MarketEntity;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.SignIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rotation-session records (R4, R5) round-trip through SQL per session date, Chinese names intact. */
class JdbcRotationStoreTest {
    static final Instant T0 = Instant.parse("2026-03-03T01:00:00Z");
    static final LocalDate TUESDAY = LocalDate.of(2026, 3, 3);
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final JdbcRotationStore store = new JdbcRotationStore(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void signInsAndServicesRoundTripPerSession() {
        SignIn wang = new SignIn("王敏", "tax", T0);
        EntityServed a = new EntityServed(
                new MarketEntity("上海某某科技有限公司", "91310000MA1FL4XX2K"),
                ServiceKind.APPLICATION_HELP,
                "留抵退税申报",
                "王敏",
                T0.plusSeconds(60));
        EntityServed b =
                new EntityServed(new MarketEntity("李记面馆", null), ServiceKind.SURVEY, "", "8001", T0.plusSeconds(120));
        store.saveSignIn(TUESDAY, wang);
        store.saveService(TUESDAY, a);
        store.saveService(TUESDAY, b);
        store.saveService(TUESDAY.plusDays(3), b);

        assertThat(store.signIns(TUESDAY)).containsExactly(wang);
        assertThat(store.services(TUESDAY)).containsExactly(a, b);
        assertThat(store.services(TUESDAY.plusDays(3))).containsExactly(b);
        assertThat(store.signIns(TUESDAY.plusDays(3))).isEmpty();
    }
}
