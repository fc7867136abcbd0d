package org.hotline.cti.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SIGHUP reaches the handler through the reflective bridge (the reload on SIGHUP depends on it). */
class SignalsTest {

    @Test
    void aHangupSentToThisProcessRunsTheAction() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        assertThat(Signals.on("HUP", seen::incrementAndGet)).isTrue();
        Process kill = new ProcessBuilder(
                        "kill", "-HUP", Long.toString(ProcessHandle.current().pid()))
                .start();
        assertThat(kill.waitFor()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() == 1);
    }

    @Test
    void anUnknownSignalInstallsNothing() {
        assertThat(Signals.on("NOSUCHSIGNAL", () -> {})).isFalse();
    }
}
