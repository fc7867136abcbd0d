package org.hotline.softphone.cti;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rotation tab reads the server's session (R4/R5): the roster's specialists and who signed in. */
class CtiJsonRotationTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aSessionInProgressListsItsSpecialistsOnDuty() throws Exception {
        RotationView s = CtiJson.rotation(json.readTree("""
                {"date":"2026-03-03","start":"2026-03-03T00:30:00Z","end":"2026-03-03T03:30:00Z","inProgress":true,
                 "signedIn":1,"served":12,"target":50,"met":false,
                 "onDuty":[{"specialist":"王敏","department":"tax","extension":"7101","signedIn":true},
                           {"specialist":"张丽","department":"market","extension":"7201","signedIn":false}],
                 "signIns":[],"entities":[],"services":[]}"""));
        assertThat(s.inProgress()).isTrue();
        assertThat(s.start()).isEqualTo(Instant.parse("2026-03-03T00:30:00Z"));
        assertThat(s.served()).isEqualTo(12);
        assertThat(s.onDuty())
                .containsExactly(
                        new RotationView.OnDuty("王敏", "tax", "7101", true),
                        new RotationView.OnDuty("张丽", "market", "7201", false));
    }

    @Test
    void noSessionNearIsNull() throws Exception {
        assertThat(CtiJson.rotation(json.readTree("{\"session\":null}").path("session")))
                .isNull();
    }
}
