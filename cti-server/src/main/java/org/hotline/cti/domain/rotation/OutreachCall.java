package org.hotline.cti.domain.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * R5: a call the hotline placed to a market entity during a rotation session for online policy
 * interpretation (在线解读) or application help (申报辅导): the user's phone rang first, then the
 * entity's. {@code status} follows the user's leg ({@code dialling}, {@code ended}, or
 * {@code failed-CAUSE}); {@code result} is what the caller recorded afterwards.
 */
public record OutreachCall(
        long id,
        LocalDate session,
        MarketEntity entity,
        String phone,
        ServiceKind kind,
        String department,
        String by,
        String extension,
        String legId,
        String status,
        Instant startedAt,
        Result result,
        String note,
        Instant resultAt) {

    public OutreachCall {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
    }

    /** What came of the call; only {@code reached} serves the entity (R5 counts it). */
    public enum Result {
        REACHED("reached", "已解读/辅导"),
        NO_ANSWER("no-answer", "无人接听"),
        WRONG_NUMBER("wrong-number", "号码错误");

        private final String wire;
        private final String label;

        Result(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }

        public String wireName() {
            return wire;
        }

        public String label() {
            return label;
        }

        public static Optional<Result> fromWire(String s) {
            return Arrays.stream(values()).filter(r -> r.wire.equals(s)).findFirst();
        }
    }
}
