package org.hotline.cti.app.port;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.domain.rotation.PushCampaign;
import org.hotline.cti.domain.rotation.PushMessage;

/**
 * R5: the policy-push records and the outbox (a table) the platform's information push system
 * (平台信息推送系统) or an SMS gateway collects messages from and acknowledges their delivery to.
 * Queueing a message is writing its row with its push's (the transactional outbox): the hotline
 * never talks to a gateway while it stores a push.
 */
public interface PushOutbox {
    /**
     * Stores a campaign and queues its messages in ONE transaction (R5: a crash never leaves a push
     * without its messages, nor messages without their push); the ids and campaign ids given are
     * ignored. Returns the campaign with its id.
     */
    PushCampaign create(PushCampaign campaign, List<PushMessage> messages);

    Optional<PushCampaign> campaign(long id);

    List<PushCampaign> campaigns(LocalDate session);

    List<PushMessage> messages(long campaignId);

    Optional<PushMessage> message(long id);

    /** Messages with {@code status} (all when null), newest first, at most {@code limit}. */
    List<PushMessage> outbox(PushMessage.Status status, int limit);

    /**
     * Up to {@code limit} messages for {@code collector}: queued ones, and collected ones whose
     * {@code lease} ran out without an acknowledgement (a gateway that crashed); marked collected.
     */
    List<PushMessage> collect(String collector, int limit, Instant now, Duration lease);

    /** Settles a collected message as delivered or failed; false when it was not collected. */
    boolean settle(long id, PushMessage.Status status, String reason, Instant at);
}
