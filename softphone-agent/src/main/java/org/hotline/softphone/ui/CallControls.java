package org.hotline.softphone.ui;

import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;

/**
 * Hold/resume, the DTMF keypad and manual dialling, wired to the {@link Phone}. Runs on the EDT:
 * the buttons call the phone, and {@link #on} follows the phone's events to enable what fits
 * (hold and DTMF on an established call, dialling when the line is free).
 */
final class CallControls {

    private final Phone phone;
    private final CallPanel call;
    private final DialPad pad;
    private final Runnable onDialled;

    // EDT-only state
    private boolean inCall;
    private boolean established;
    private boolean heldHere;
    private boolean heldThere;
    private final StringBuilder digits = new StringBuilder();

    CallControls(Phone phone, CallPanel call, DialPad pad, Runnable onDialled) {
        this.phone = phone;
        this.call = call;
        this.pad = pad;
        this.onDialled = onDialled;
        update();
    }

    void toggleHold() {
        if (!established) {
            return;
        }
        boolean resume = heldHere;
        if (act(resume ? phone::resume : phone::hold)) {
            call.state(resume ? "正在恢复…" : "正在保持…");
        }
    }

    void key(char digit) {
        if (!inCall) {
            pad.number.setText(pad.number.getText() + digit);
            return;
        }
        if (!established) {
            return; // ringing or dialling: no media to carry a digit yet
        }
        if (act(() -> phone.sendDtmf(digit))) {
            digits.append(digit);
            pad.sent("已发送按键：" + digits);
        }
    }

    void dial() {
        String number = pad.number.getText().replaceAll("[\\s-]", "");
        if (inCall) {
            return;
        }
        if (number.isEmpty()) {
            pad.sent("请输入要呼叫的号码");
            return;
        }
        onDialled.run();
        if (act(() -> phone.dial(number))) {
            inCall = true;
            established = false;
            heldHere = false;
            heldThere = false;
            digits.setLength(0);
            pad.sent(" ");
            call.dialling(number);
            update();
        }
    }

    void on(PhoneEvent e) {
        if (e instanceof PhoneEvent.Ringing) {
            inCall = true;
            established = false;
            heldHere = false;
            heldThere = false;
            digits.setLength(0);
            pad.sent(" ");
        } else if (e instanceof PhoneEvent.RemoteRinging) {
            call.state("对方振铃中…");
        } else if (e instanceof PhoneEvent.Answered) {
            established = true;
        } else if (e instanceof PhoneEvent.Held h) {
            held(h.byRemote(), true);
        } else if (e instanceof PhoneEvent.Resumed r) {
            held(r.byRemote(), false);
        } else if (e instanceof PhoneEvent.Ended) {
            inCall = false;
            established = false;
            heldHere = false;
            heldThere = false;
        }
        update();
    }

    /** The hold state the far end confirmed (ours: its 200 to our re-INVITE). */
    private void held(boolean byRemote, boolean held) {
        if (byRemote) {
            heldThere = held;
        } else {
            heldHere = held;
        }
        call.state(heldHere ? "已保持" : heldThere ? "对方保持" : "通话中");
    }

    private void update() {
        call.holdButton(established, heldHere);
        pad.canDial(!inCall);
    }

    /** Runs a phone command; false (and the reason shown) when the phone refused it. */
    private boolean act(Runnable command) {
        try {
            command.run();
            return true;
        } catch (PhoneException ex) {
            call.state("操作失败：" + refused(ex.id()));
            return false;
        } catch (RuntimeException ex) {
            call.state("操作失败：" + ex.getMessage());
            return false;
        }
    }

    static String refused(String id) {
        return switch (id == null ? "" : id) {
            case "no-call" -> "当前没有通话";
            case "wrong-call-state" -> "当前通话状态不允许此操作";
            case "line-busy" -> "已有通话，请先挂断";
            case "bad-number" -> "号码无效";
            case "bad-dtmf-digit" -> "无效按键";
            case "hold-in-progress" -> "保持/恢复正在进行，请稍候";
            case "sip-error" -> "信令错误";
            default -> id;
        };
    }
}
