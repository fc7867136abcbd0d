package org.hotline.softphone.headless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hotline.softphone.cti.CallbackItem;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.Department;
import org.hotline.softphone.cti.DeskApi;
import org.hotline.softphone.cti.RotationView;
import org.junit.jupiter.api.Test;

/** R4 in headless mode: a specialist on the session's duty signs in at this desk, as the window's 轮值签到 does. */
class CtiCommandsRotationTest {
    /** The server's rotation API: 张三 (tax) and 李四 (market) on Tuesday's duty; outside the session it refuses. */
    static final class FakeDesk implements DeskApi {
        final List<String> calls = new ArrayList<>();
        boolean inSession = true;
        final List<String> signedIn = new ArrayList<>();

        @Override
        public String login(String user, String password) {
            calls.add("login " + user + " " + password);
            return "agent";
        }

        @Override
        public List<Department> departments() {
            return List.of();
        }

        @Override
        public List<CallbackItem> callbacks() {
            return List.of();
        }

        @Override
        public CallbackItem dial(long callbackId, String extension) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CallbackItem recordResult(long callbackId, String result, String note) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RotationView rotation() {
            calls.add("rotation");
            return view();
        }

        @Override
        public RotationView rotationSignIn(String specialist) {
            calls.add("sign-in " + specialist);
            if (!inSession) {
                throw new CtiException("outside-rotation-session", "no rotation session is in progress");
            }
            if (!List.of("张三", "李四").contains(specialist)) {
                throw new CtiException("unknown-specialist", specialist + " is not on this session's duty");
            }
            signedIn.add(specialist);
            return view();
        }

        private RotationView view() {
            return new RotationView(
                    "2026-03-03",
                    Instant.parse("2026-03-03T00:30:00Z"),
                    Instant.parse("2026-03-03T03:30:00Z"),
                    inSession,
                    3,
                    50,
                    signedIn.size(),
                    List.of(
                            new RotationView.OnDuty("张三", "tax", "8001", signedIn.contains("张三")),
                            new RotationView.OnDuty("李四", "market", "8002", signedIn.contains("李四"))));
        }
    }

    private final FakeDesk desk = new FakeDesk();
    private final List<String> lines = new ArrayList<>();
    private final CtiCommands commands = new CtiCommands(
            null, new CtiLogin(URI.create("http://127.0.0.1:8080"), "8001", "pw", "8001"), lines::add, base -> {
                assertThat(base).isEqualTo(URI.create("http://127.0.0.1:8080"));
                return desk;
            });

    @Test
    void aSpecialistOnDutySignsInAndTheSessionIsPrinted() {
        assertThat(commands.execute("rotation", new String[] {"rotation"})).isTrue();
        assertThat(commands.execute("rotation-sign-in", new String[] {"rotation-sign-in", "张三"}))
                .isTrue();

        assertThat(lines)
                .containsExactly(
                        "event=rotation date=2026-03-03 in-progress=true served=3/50 signed-in=0"
                                + " on-duty=\"张三/tax\" on-duty=\"李四/market\"",
                        "event=rotation-signed-in specialist=\"张三\" date=2026-03-03 in-progress=true served=3/50"
                                + " signed-in=1 on-duty=\"张三/tax/signed-in\" on-duty=\"李四/market\"");
        // One login with the CTI login's agent and password, then the API calls.
        assertThat(desk.calls).containsExactly("login 8001 pw", "rotation", "sign-in 张三");
    }

    @Test
    void aRefusalKeepsTheServersErrorIdAndAMissingNameIsAnError() {
        desk.inSession = false;
        assertThatThrownBy(() -> commands.execute("rotation-sign-in", new String[] {"rotation-sign-in", "张三"}))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.code()).isEqualTo("outside-rotation-session"));
        desk.inSession = true;
        assertThatThrownBy(() -> commands.execute("rotation-sign-in", new String[] {"rotation-sign-in", "王五"}))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.code()).isEqualTo("unknown-specialist"));
        assertThatThrownBy(() -> commands.execute("rotation-sign-in", new String[] {"rotation-sign-in"}))
                .isInstanceOfSatisfying(
                        CtiException.class, e -> assertThat(e.code()).isEqualTo("missing-argument"));
        assertThat(lines).isEmpty();
        assertThat(desk.signedIn).isEmpty();
    }
}
