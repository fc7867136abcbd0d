package org.hotline.cti.domain.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** R5: the count of distinct market entities served against 50, duplicates folded. */
class RotationSessionTest {
    static final Instant START = Instant.parse("2026-03-03T00:30:00Z");
    static final SessionSlot SLOT = new SessionSlot(LocalDate.of(2026, 3, 3), START, START.plusSeconds(3 * 3600));
    static final String CODE = "91310000MA1FL4XX2K";

    static EntityServed served(String name, String code, ServiceKind kind) {
        return new EntityServed(new MarketEntity(name, code), kind, "", "王敏", START.plusSeconds(60));
    }

    @Test
    @DisplayName("R5: 50 distinct entities meet the target, 49 do not")
    void target() {
        RotationSession s = RotationSession.empty(SLOT);
        for (int i = 1; i <= 49; i++) {
            s = s.withService(served("企业" + i, null, ServiceKind.POLICY_PUSH));
        }
        assertThat(s.servedCount()).isEqualTo(49);
        assertThat(s.targetMet()).isFalse();
        s = s.withService(served("个体户 李记面馆", null, ServiceKind.INTERPRETATION));
        assertThat(s.servedCount()).isEqualTo(50);
        assertThat(s.targetMet()).isTrue();
    }

    @Test
    @DisplayName("R5: one entity served twice, by code or by name (spacing, full-width brackets), counts once")
    void duplicatesFolded() {
        RotationSession s = RotationSession.empty(SLOT)
                .withService(served("上海某某科技有限公司", null, ServiceKind.INTERPRETATION))
                .withService(served("上海 某某科技有限公司", CODE, ServiceKind.APPLICATION_HELP))
                .withService(served(null, CODE.toLowerCase(java.util.Locale.ROOT), ServiceKind.SURVEY))
                .withService(served("某某（上海）贸易有限公司", null, ServiceKind.POLICY_PUSH))
                .withService(served("某某(上海)贸易有限公司", null, ServiceKind.SURVEY));
        assertThat(s.services()).hasSize(5);
        assertThat(s.servedCount()).isEqualTo(2);
        assertThat(s.entitiesServed().get(0)).isEqualTo(new MarketEntity("上海某某科技有限公司", CODE));
    }

    @Test
    @DisplayName("R5: two different credit codes are two entities, even under one name (a branch)")
    void differentCodes() {
        RotationSession s = RotationSession.empty(SLOT)
                .withService(served("某某公司", CODE, ServiceKind.SURVEY))
                .withService(served("某某公司", "91310000MA1FL4XX3L", ServiceKind.SURVEY));
        assertThat(s.servedCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("R4: a specialist signing in twice keeps the first sign-in")
    void signInOnce() {
        RotationSession s = RotationSession.empty(SLOT)
                .withSignIn(new SignIn("王敏", "tax", START))
                .withSignIn(new SignIn("王敏", "tax", START.plusSeconds(600)));
        assertThat(s.signIns()).containsExactly(new SignIn("王敏", "tax", START));
    }

    @Test
    @DisplayName("an entity needs a name or a valid 18-character credit code")
    void entityValidated() {
        assertThatThrownBy(() -> new MarketEntity(" ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MarketEntity("某某公司", "12345")).hasMessageContaining("unified social credit code");
        assertThat(new MarketEntity("李记面馆", null).creditCode()).isNull();
    }
}
