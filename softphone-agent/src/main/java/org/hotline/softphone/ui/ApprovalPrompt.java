package org.hotline.softphone.ui;

import java.awt.Component;
import javax.swing.JOptionPane;
import org.hotline.softphone.cti.TransferOverride;

/**
 * Asks the logged-in duty supervisor for the reason of an override of the three-way budget (R10);
 * a blank reason is not accepted (the server logs it with the supervisor's name).
 */
final class ApprovalPrompt {

    /** Shows {@code message} and returns what was typed, or null when cancelled. */
    interface Ask {
        String reason(Component parent, String message);
    }

    static final Ask DIALOG =
            (parent, message) -> JOptionPane.showInputDialog(parent, message, "值班长批准", JOptionPane.QUESTION_MESSAGE);

    static final String QUESTION = "今日三方通话已达上限（R10）。请填写批准理由（必填，将记录在案）：";
    static final String BLANK = "批准理由不能为空。请填写批准理由：";

    private ApprovalPrompt() {}

    /** The override to send, or null when the supervisor cancelled. */
    static TransferOverride ask(Ask ask, Component parent, String supervisor) {
        String message = QUESTION;
        while (true) {
            String reason = ask.reason(parent, message);
            if (reason == null) {
                return null;
            }
            if (!reason.isBlank()) {
                return new TransferOverride(supervisor, reason);
            }
            message = BLANK;
        }
    }
}
