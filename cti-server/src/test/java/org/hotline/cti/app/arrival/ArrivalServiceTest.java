package org.hotline.cti.app.arrival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.cti.app.arrival.ArrivalService.Arrival;
import org.junit.jupiter.api.Test;

class ArrivalServiceTest {
    private final Map<String, String> enterprises = Map.of("13800000001", " 双鸭山青禾农业科技有限公司 ", "13800000003", "  ");
    private final Set<String> pending = Set.of("13800000001", "13800000002");
    private final ArrivalService arrivals =
            new ArrivalService(n -> Optional.ofNullable(enterprises.get(n)), pending::contains);

    @Test
    void aKnownNumberWithAPendingCallbackIsNamedAndQueuedAhead() {
        Arrival a = arrivals.arrive("13800000001");
        assertThat(a.enterprise()).contains("双鸭山青禾农业科技有限公司");
        assertThat(a.callbackPending()).isTrue();
        assertThat(a.queuePriority())
                .isEqualTo(ArrivalService.CALLBACK_PENDING_PRIORITY)
                .isPositive();
    }

    @Test
    void r11PriorityDoesNotNeedAName() {
        Arrival a = arrivals.arrive(" 13800000002 ");
        assertThat(a.enterprise()).isEmpty();
        assertThat(a.queuePriority()).isPositive();
    }

    @Test
    void firstTimeCallersAndBlankNamesChangeNothing() {
        assertThat(arrivals.arrive("13900000000")).isEqualTo(new Arrival(Optional.empty(), false, 0));
        assertThat(arrivals.arrive("13800000003").enterprise()).isEmpty();
        assertThat(arrivals.arrive(null)).isEqualTo(Arrival.UNKNOWN);
        assertThat(arrivals.arrive("")).isEqualTo(Arrival.UNKNOWN);
    }
}
