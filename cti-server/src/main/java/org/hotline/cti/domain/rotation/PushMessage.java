package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * R5 policy push (平台信息推送): one message to one target market entity, waiting in the outbox for the
 * platform's information-push system or an SMS gateway to collect it and report its delivery.
 * {@code queued} → {@code collected} (by whom, when; offered again if not acknowledged within the
 * lease) → {@code delivered} | {@code failed} (with the gateway's reason).
 */
public record PushMessage(
        long id,
        long campaignId,
        int row,
        MarketEntity entity,
        String phone,
        String contact,
        String body,
        Status status,
        String collector,
        Instant collectedAt,
        Instant settledAt,
        String reason) {

    public PushMessage {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(status, "status");
    }

    public enum Status {
        QUEUED("queued", "待发送"),
        COLLECTED("collected", "发送中"),
        DELIVERED("delivered", "已送达"),
        FAILED("failed", "发送失败");

        private final String wire;
        private final String label;

        Status(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }

        public String wireName() {
            return wire;
        }

        public String label() {
            return label;
        }

        public static Optional<Status> fromWire(String s) {
            return Arrays.stream(values()).filter(x -> x.wire.equals(s)).findFirst();
        }
    }
}
