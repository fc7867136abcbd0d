package org.hotline.cti.app.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.port.PushOutbox;
import org.hotline.cti.domain.rotation.PushCampaign;
import org.hotline.cti.domain.rotation.PushMessage;
import org.hotline.cti.domain.rotation.RotationSession;
import org.hotline.cti.domain.rotation.ServiceKind;
import org.hotline.cti.domain.rotation.TargetList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R5 precise policy push (精准推送) through the platform's information push (平台信息推送系统): during a
 * rotation session a department uploads its target list (CSV) with the policy; every target gets a
 * message queued in the {@link PushOutbox} with the push itself (one transaction); the platform (or
 * an SMS gateway) collects them from there and acknowledges each delivery. A delivered message serves its entity in the
 * campaign's session (kind {@code policy-push}), counted once per entity towards 50.
 *
 * <p>A list with any bad row is refused whole ({@code bad-target-list}, every bad row with its
 * number and reason) and nothing is stored or sent: the department fixes the file and uploads it again.
 */
public final class PolicyPush {
    private static final Logger log = LoggerFactory.getLogger(PolicyPush.class);
    /** A collected message not acknowledged within this is offered to the next collector. */
    public static final Duration LEASE = Duration.ofMinutes(10);

    public static final int MAX_COLLECT = 500;

    private final RotationService rotation;
    private final PushOutbox outbox;
    private final LiveEvents events;
    private final Clock clock;

    public PolicyPush(RotationService rotation, PushOutbox outbox, LiveEvents events, Clock clock) {
        this.rotation = rotation;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
    }

    /** What a department uploads: the policy and its target list file. */
    public record Upload(String title, String text, String fileName, byte[] file, String department) {}

    /** A campaign with its messages, as the department follows it. */
    public record Campaign(PushCampaign campaign, List<PushMessage> messages) {
        public Map<String, Long> counts() {
            Map<String, Long> m = new LinkedHashMap<>();
            for (PushMessage.Status s : PushMessage.Status.values()) {
                m.put(
                        s.wireName(),
                        messages.stream().filter(x -> x.status() == s).count());
            }
            return m;
        }
    }

    public Campaign push(Upload u, String by) {
        RotationSession s = rotation.requireSession();
        String title = u.title() == null ? "" : u.title().strip();
        String text = u.text() == null ? "" : u.text().strip();
        if (title.isEmpty() || title.length() > PushCampaign.MAX_TITLE) {
            throw new CtiException(
                    ErrorId.BAD_POLICY,
                    "title: the policy's title is required, at most " + PushCampaign.MAX_TITLE + " characters");
        }
        if (text.length() > PushCampaign.MAX_TEXT) {
            throw new CtiException(
                    ErrorId.BAD_POLICY,
                    "text: the policy's summary is at most " + PushCampaign.MAX_TEXT + " characters");
        }
        if (u.file() == null || u.file().length == 0) {
            throw new CtiException(ErrorId.BAD_TARGET_LIST, "no target list: upload the CSV file");
        }
        TargetList.Parsed parsed = TargetList.parse(u.file());
        if (!parsed.ok()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("badRows", parsed.errorCount());
            details.put(
                    "rows",
                    parsed.errors().stream()
                            .map(e -> Map.of("row", e.row(), "reason", e.reason()))
                            .toList());
            TargetList.RowError first = parsed.errors().get(0);
            throw new CtiException(
                            ErrorId.BAD_TARGET_LIST,
                            (first.row() == 0
                                            ? ""
                                            : parsed.errorCount() + " bad row(s), nothing stored; row " + first.row()
                                                    + ": ")
                                    + first.reason())
                    .withDetails(details);
        }
        PushCampaign draft =
                new PushCampaign(0, s.slot().date(), u.department(), title, text, u.fileName(), by, clock.instant());
        List<PushMessage> messages = new java.util.ArrayList<>();
        for (TargetList.Target t : parsed.targets()) {
            messages.add(new PushMessage(
                    0,
                    0,
                    t.row(),
                    t.entity(),
                    t.phone(),
                    t.contact(),
                    draft.messageFor(t),
                    PushMessage.Status.QUEUED,
                    null,
                    null,
                    null,
                    null));
        }
        // R5: the push and its messages in one transaction; a crash leaves no push without its messages.
        PushCampaign c = outbox.create(draft, messages);
        log.info(
                "policy push {} '{}' by {}: {} targets queued (R5)",
                c.id(),
                title,
                by,
                parsed.targets().size());
        return campaign(c.id());
    }

    public Campaign campaign(long id) {
        PushCampaign c =
                outbox.campaign(id).orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_PUSH, "no policy push " + id));
        return new Campaign(c, outbox.messages(id));
    }

    public List<Campaign> campaigns(LocalDate session) {
        return outbox.campaigns(session).stream()
                .map(c -> new Campaign(c, outbox.messages(c.id())))
                .toList();
    }

    /** The platform or gateway takes up to {@code limit} messages to send (R5). */
    public List<PushMessage> collect(String collector, int limit) {
        if (limit < 1 || limit > MAX_COLLECT) {
            throw new CtiException(ErrorId.BAD_FIELD, "limit must be 1.." + MAX_COLLECT + ", was " + limit);
        }
        return outbox.collect(collector, limit, clock.instant(), LEASE);
    }

    public List<PushMessage> outbox(String status, int limit) {
        PushMessage.Status s = null;
        if (status != null && !status.isBlank()) {
            s = PushMessage.Status.fromWire(status)
                    .orElseThrow(() -> new CtiException(
                            ErrorId.BAD_STATUS,
                            "status must be queued, collected, delivered or failed, was '" + status + "'"));
        }
        return outbox.outbox(s, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * The gateway reports message {@code id} delivered or failed. Delivered serves the entity in the
     * campaign's session (R5). Only a collected message may be settled (409 {@code wrong-state}).
     */
    public PushMessage acknowledge(long id, String status, String reason, String by) {
        PushMessage m =
                outbox.message(id).orElseThrow(() -> new CtiException(ErrorId.NO_SUCH_PUSH, "no push message " + id));
        PushMessage.Status s = PushMessage.Status.fromWire(status == null ? "" : status)
                .filter(x -> x == PushMessage.Status.DELIVERED || x == PushMessage.Status.FAILED)
                .orElseThrow(() -> new CtiException(
                        ErrorId.BAD_STATUS, "status must be delivered or failed, was '" + status + "'"));
        if (reason != null && reason.length() > 500) {
            throw new CtiException(ErrorId.FIELD_TOO_LONG, "reason is longer than 500 characters");
        }
        Instant now = clock.instant();
        if (!outbox.settle(id, s, reason, now)) {
            throw new CtiException(
                    ErrorId.WRONG_STATE,
                    "push message " + id + " is " + m.status().wireName() + ", not collected: nothing to acknowledge");
        }
        PushCampaign c = outbox.campaign(m.campaignId()).orElseThrow();
        if (s == PushMessage.Status.DELIVERED) {
            rotation.servedIn(c.session(), m.entity(), ServiceKind.POLICY_PUSH, "推送：" + c.title(), by, c.department());
        }
        events.publish(
                LiveEvents.Event.broadcast("push", Map.of("campaign", c.id(), "message", id, "status", s.wireName())));
        return outbox.message(id).orElseThrow();
    }
}
