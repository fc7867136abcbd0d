package org.hotline.softphone.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hotline.softphone.cti.TransferOverride;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hold/resume, the DTMF keypad and manual dialling against a fake Phone (no display needed). */
class CallControlsTest {

    private final FakePhone phone = new FakePhone();
    private final Call incoming = new FakePhone.FakeCall("in-1", Call.Direction.INCOMING, "13800000001");
    private CallPanel call;
    private DialPad pad;
    private CallControls controls;
    private int dialled;

    @BeforeEach
    void setUp() {
        call = new CallPanel(() -> {}, () -> controls.toggleHold(), () -> {});
        pad = new DialPad(() -> controls.dial(), c -> controls.key(c));
        controls = new CallControls(phone, call, pad, () -> dialled++);
    }

    @Test
    void holdIsOfferedOnlyOnAnEstablishedCall_andTheButtonFollowsTheConfirmedState() {
        assertThat(call.hold.isEnabled()).isFalse();
        controls.on(new PhoneEvent.Ringing(incoming));
        assertThat(call.hold.isEnabled()).as("not while ringing").isFalse();
        controls.on(new PhoneEvent.Answered(incoming));
        assertThat(call.hold.isEnabled()).isTrue();
        assertThat(call.hold.getText()).isEqualTo("保持");

        call.hold.doClick();
        assertThat(phone.commands).containsExactly("hold");
        assertThat(call.state.getText()).isEqualTo("正在保持…");
        assertThat(call.hold.getText()).as("until the far end confirms").isEqualTo("保持");
        controls.on(new PhoneEvent.Held(incoming, false));
        assertThat(call.state.getText()).isEqualTo("已保持");
        assertThat(call.hold.getText()).isEqualTo("恢复");

        call.hold.doClick();
        assertThat(phone.commands).containsExactly("hold", "resume");
        controls.on(new PhoneEvent.Resumed(incoming, false));
        assertThat(call.state.getText()).isEqualTo("通话中");
        assertThat(call.hold.getText()).isEqualTo("保持");

        controls.on(new PhoneEvent.Held(incoming, true));
        assertThat(call.state.getText()).isEqualTo("对方保持");
        assertThat(call.hold.getText())
                .as("the far end's hold is not ours to resume")
                .isEqualTo("保持");

        controls.on(new PhoneEvent.Ended(incoming, EndReason.REMOTE_HANGUP, "BYE"));
        assertThat(call.hold.isEnabled()).isFalse();
    }

    @Test
    void aRefusedHoldSaysWhyInChinese() {
        controls.on(new PhoneEvent.Answered(incoming));
        phone.failNext = new PhoneException("hold-in-progress", "a hold or resume is already pending");
        call.hold.doClick();
        assertThat(call.state.getText()).isEqualTo("操作失败：保持/恢复正在进行，请稍候");
        assertThat(phone.commands).isEmpty();
    }

    @Test
    void keypadSendsDtmfDuringACall_andTypesTheNumberOtherwise() {
        pad.key('1').doClick();
        pad.key('2').doClick();
        assertThat(phone.commands).isEmpty();
        assertThat(pad.number.getText()).isEqualTo("12");
        pad.number.setText("");

        controls.on(new PhoneEvent.Ringing(incoming));
        pad.key('9').doClick();
        assertThat(pad.number.getText()).as("ringing: neither typed nor sent").isEmpty();
        controls.on(new PhoneEvent.Answered(incoming));
        for (char c : DialPad.KEYS.toCharArray()) {
            pad.key(c).doClick();
        }
        assertThat(phone.commands)
                .containsExactly(
                        "dtmf 1", "dtmf 2", "dtmf 3", "dtmf 4", "dtmf 5", "dtmf 6", "dtmf 7", "dtmf 8", "dtmf 9",
                        "dtmf *", "dtmf 0", "dtmf #");
        assertThat(pad.sent.getText()).isEqualTo("已发送按键：123456789*0#");
        assertThat(pad.number.getText()).isEmpty();
    }

    @Test
    void dialPlacesAnOutgoingCall_andIsLockedWhileTheLineIsBusy() {
        pad.dial.doClick();
        assertThat(phone.commands).isEmpty();
        assertThat(pad.sent.getText()).isEqualTo("请输入要呼叫的号码");

        pad.number.setText(" 138-0013 8000 ");
        pad.dial.doClick();
        assertThat(phone.commands).containsExactly("dial 13800138000");
        assertThat(dialled)
                .as("the window resets the previous call's CTI state")
                .isEqualTo(1);
        assertThat(call.caller.getText()).isEqualTo("13800138000");
        assertThat(call.state.getText()).isEqualTo("正在呼叫…");
        assertThat(call.hangup.isEnabled()).isTrue();
        assertThat(pad.dial.isEnabled()).isFalse();

        controls.on(new PhoneEvent.RemoteRinging(phone.current));
        assertThat(call.state.getText()).isEqualTo("对方振铃中…");
        controls.on(new PhoneEvent.Answered(phone.current));
        assertThat(call.hold.isEnabled()).isTrue();
        controls.on(new PhoneEvent.Ended(phone.current, EndReason.LOCAL_HANGUP, "BYE"));
        assertThat(pad.dial.isEnabled()).isTrue();
    }

    @Test
    void aBadNumberIsReportedAndTheLineStaysFree() {
        phone.failNext = new PhoneException("bad-number", "not a dialable number");
        pad.number.setText("abc");
        pad.dial.doClick();
        assertThat(call.state.getText()).isEqualTo("操作失败：号码无效");
        assertThat(pad.dial.isEnabled()).isTrue();
    }

    @Test
    void anOverrideNeedsANonBlankReason_andCancelSendsNothing() {
        List<String> asked = new ArrayList<>();
        List<String> answers = new ArrayList<>(List.of("   ", " 企业急需，值班长同意 "));
        TransferOverride o = ApprovalPrompt.ask(
                (parent, message) -> {
                    asked.add(message);
                    return answers.remove(0);
                },
                null,
                "supervisor");
        assertThat(o).isEqualTo(new TransferOverride("supervisor", "企业急需，值班长同意"));
        assertThat(asked).containsExactly(ApprovalPrompt.QUESTION, ApprovalPrompt.BLANK);

        assertThat(ApprovalPrompt.ask((parent, message) -> null, null, "supervisor"))
                .isNull();
    }
}
