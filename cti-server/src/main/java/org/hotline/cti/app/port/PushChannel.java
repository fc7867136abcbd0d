package org.hotline.cti.app.port;

import java.util.List;
import org.hotline.cti.domain.rotation.PushMessage;

/**
 * R5: the way a policy message leaves the hotline for one target (the platform's information push
 * system, 平台信息推送系统, or an SMS gateway). The project's implementation is an outbox the platform
 * collects from ({@link PushOutbox}); a direct gateway would implement only this.
 */
public interface PushChannel {
    /** Hands over a queued message; returns it with the id the channel tracks its delivery by. */
    PushMessage send(PushMessage message);

    /**
     * Hands over one list's messages; an outbox queues them together (all or none, one
     * transaction), a gateway may send them one by one.
     */
    default List<PushMessage> sendAll(List<PushMessage> messages) {
        return messages.stream().map(this::send).toList();
    }
}
