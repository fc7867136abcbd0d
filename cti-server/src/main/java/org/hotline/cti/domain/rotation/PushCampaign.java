package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * R5: one policy pushed by a department to its uploaded list of target market entities during a
 * rotation session: the policy's title and text, who uploaded it and when.
 */
public record PushCampaign(
        long id,
        LocalDate session,
        String department,
        String title,
        String text,
        String fileName,
        String createdBy,
        Instant createdAt) {

    /** The message's length limit keeps it one long SMS; the title must say what the policy is. */
    public static final int MAX_TITLE = 100;

    public static final int MAX_TEXT = 500;

    public PushCampaign {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The message one target receives (Chinese, addressed to the entity, the hotline signing). */
    public String messageFor(TargetList.Target t) {
        String to = t.contact() != null
                ? t.entity().name() == null ? t.contact() : t.entity().name() + " " + t.contact()
                : t.entity().name() == null ? "企业" : t.entity().name();
        return "【12345惠企通】" + to + "：您好！" + title + "。" + text + " 如需政策解读或申报辅导，请拨打12345。";
    }
}
