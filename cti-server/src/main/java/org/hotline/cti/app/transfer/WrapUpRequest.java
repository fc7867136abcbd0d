package org.hotline.cti.app.transfer;

import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.Fields;

/**
 * An agent's wrap-up of a call (R12), from the agent socket's {@code wrapup} or {@code POST
 * /api/wrapups}. The resolution and the enterprise name are checked here, before the call is looked
 * up, with the same ids and messages as the stored {@link Wrapup}.
 *
 * @param matter     null or blank when the agent picked none
 * @param department with 未能解答 ({@code unanswered}), where the question goes; null: the matter's (R9)
 * @param question   with 未能解答, the caller's question ({@code question-required} without it)
 */
public record WrapUpRequest(
        String callId,
        String matter,
        String resolution,
        String note,
        String enterprise,
        String department,
        String question) {
    public WrapUpRequest {
        Fields.required(callId, "callId");
        Fields.required(resolution, "resolution");
        Wrapup.requireResolution(resolution);
        enterprise = Wrapup.enterprise(enterprise);
        matter = matter == null || matter.isBlank() ? null : matter;
        department = department == null || department.isBlank() ? null : department.strip();
        question = question == null || question.isBlank() ? null : question.strip();
        if (Wrapup.UNANSWERED.equals(resolution) && question == null) {
            throw new CtiException(
                    ErrorId.QUESTION_REQUIRED, "未能解答 (unanswered) needs the caller's question in 'question' (R9)");
        }
    }

    public WrapUpRequest(String callId, String matter, String resolution, String note, String enterprise) {
        this(callId, matter, resolution, note, enterprise, null, null);
    }
}
