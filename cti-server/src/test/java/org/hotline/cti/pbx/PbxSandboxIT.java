package org.hotline.cti.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox as the rest of the project relies on it: AMI login, the hotline number, night mode. */
@ExtendWith(SandboxPbxExtension.class)
class PbxSandboxIT {
    private static final Duration CALL_BOUND = Duration.ofSeconds(30);

    @Test
    void amiAcceptsTheCtiAccount(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, false)) {
            assertThat(ami.received()).contains("Response: Success", "Message: Authentication accepted");
        }
    }

    @Test
    void anEnterpriseCallToTheHotlineReachesAQueueMember(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, true);
             Sipp agent = Sipp.peer("answer.xml", "127.0.0.4", 5101);
             Sipp caller = Sipp.caller("caller.xml", "127.0.0.2", 5301, "13800000101", "12345", Duration.ofSeconds(1))) {
            caller.assertSucceeds(CALL_BOUND);
            agent.assertSucceeds(CALL_BOUND);
            assertThat(ami.awaitText("Event: AgentConnect", Duration.ofSeconds(5)))
                    .contains("Queue: enterprise-desk", "CallerIDNum: 13800000101", "MemberName: 8101");
        }
    }

    @Test
    void inNightModeTheCallerHearsTheAfterHoursBranch(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, true)) {
            ami.send("DBPut", Map.of("Family", "hotline", "Key", "mode", "Val", "closed"));
            try (Sipp caller = Sipp.caller("caller-hungup.xml", "127.0.0.2", 5302, "13800000102", "12345", Duration.ZERO)) {
                caller.assertSucceeds(CALL_BOUND);
                assertThat(ami.awaitText("Caller: 13800000102", Duration.ofSeconds(5)))
                        .contains("UserEvent: HotlineAfterHours");
            } finally {
                ami.send("DBDel", Map.of("Family", "hotline", "Key", "mode"));
            }
        }
    }
}
