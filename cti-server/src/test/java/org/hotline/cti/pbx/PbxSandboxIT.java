package org.hotline.cti.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.hotline.cti.testing.AsteriskLog;
import org.hotline.cti.testing.RawAmi;
import org.hotline.cti.testing.SandboxPbxExtension;
import org.hotline.cti.testing.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sandbox as the rest of the project relies on it: AMI login, the hotline number, night mode,
 * and the callers' prompts in Mandarin (Asterisk's own log says which file it played).
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
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
                Sipp agent = Sipp.agent(8101);
                Sipp caller =
                        Sipp.caller("caller.xml", "127.0.0.2", 5301, "13800000101", "12345", Duration.ofSeconds(1))) {
            AsteriskLog log = new AsteriskLog();
            caller.assertSucceeds(CALL_BOUND);
            assertThat(ami.awaitText("Event: AgentConnect", Duration.ofSeconds(5)))
                    .contains("Queue: enterprise-desk", "CallerIDNum: 13800000101", "MemberName: 8101");
            // The Mandarin greeting, before the queue, as early media (the call is answered by the agent only).
            log.awaitPlayed("hotline/greeting");
            assertThat(log.text()).doesNotContain("does not exist in any format");
        }
    }

    @Test
    void aCallerNoAgentAnswersHearsTheMandarinSorryMessage(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, true)) {
            // No agent peer runs: one second in the queue, then the dialplan's exit branch.
            ami.send("Setvar", Map.of("Variable", "HOTLINE_QUEUE_WAIT", "Value", "1"));
            AsteriskLog log = new AsteriskLog();
            try (Sipp caller =
                    Sipp.caller("caller-hungup.xml", "127.0.0.2", 5303, "13800000103", "12345", Duration.ZERO)) {
                caller.assertSucceeds(CALL_BOUND);
                assertThat(ami.awaitText("Caller: 13800000103", Duration.ofSeconds(5)))
                        .contains("UserEvent: HotlineQueueExit");
                log.awaitPlayed("hotline/greeting");
                log.awaitPlayed("hotline/sorry");
            } finally {
                ami.send("Setvar", Map.of("Variable", "HOTLINE_QUEUE_WAIT", "Value", "60"));
            }
        }
    }

    @Test
    void inNightModeTheCallerHearsTheAfterHoursBranch(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, true)) {
            ami.send("DBPut", Map.of("Family", "hotline", "Key", "mode", "Val", "closed"));
            AsteriskLog log = new AsteriskLog();
            try (Sipp caller =
                    Sipp.caller("caller-hungup.xml", "127.0.0.2", 5302, "13800000102", "12345", Duration.ZERO)) {
                caller.assertSucceeds(CALL_BOUND);
                assertThat(ami.awaitText("Caller: 13800000102", Duration.ofSeconds(5)))
                        .contains("UserEvent: HotlineAfterHours");
                log.awaitPlayed("hotline/closed"); // in Mandarin, from the sandbox's hotline/ sounds
                assertThat(log.text()).doesNotContain("hotline/greeting");
            } finally {
                ami.send("DBDel", Map.of("Family", "hotline", "Key", "mode"));
            }
        }
    }

    /** R8 dial tests as the CTI will run them: Originate a department number into dial-test. */
    @Test
    void dialTestsTellAnsweredBusyAndNoAnswerApart(SandboxInfo pbx) throws Exception {
        try (RawAmi ami = RawAmi.login(pbx.amiHost(), pbx.amiPort(), RawAmi.USER, RawAmi.SECRET, true);
                Sipp tax = Sipp.peer("answer.xml", "127.0.0.3", 5071);
                Sipp market = Sipp.peer("busy.xml", "127.0.0.3", 5072);
                Sipp dead = Sipp.peer("noanswer.xml", "127.0.0.3", 5079)) {
            originateDialTest(ami, "dt-tax", "2001@127.0.0.3:5071");
            originateDialTest(ami, "dt-market", "3001@127.0.0.3:5072");
            originateDialTest(ami, "dt-dead", "9001@127.0.0.3:5079");

            assertThat(ami.awaitText("Result: answered", Duration.ofSeconds(10)))
                    .contains("UserEvent: HotlineDialTest");
            tax.assertSucceeds(CALL_BOUND);
            market.assertSucceeds(CALL_BOUND);
            dead.assertSucceeds(CALL_BOUND);
            String stream = ami.awaitText("ActionID: dt-dead\r\nResponse: Failure", Duration.ofSeconds(10));
            assertThat(stream)
                    .contains("ActionID: dt-tax\r\nResponse: Success", "ActionID: dt-market\r\nResponse: Failure");
        }
    }

    private static void originateDialTest(RawAmi ami, String actionId, String target) throws Exception {
        ami.send(
                "Originate",
                Map.of(
                        "ActionID",
                        actionId,
                        "Channel",
                        "PJSIP/specialists/sip:" + target,
                        "Context",
                        "dial-test",
                        "Exten",
                        "answered",
                        "Priority",
                        "1",
                        "Timeout",
                        "3000",
                        "Async",
                        "true"));
    }
}
