package org.hotline.cti.agi;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.hotline.cti.app.arrival.ArrivalService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the arrival script tells Asterisk. AgiChannel is a wide interface of AGI commands; Mockito
 * verifies the few SET VARIABLE commands sent, which is the whole contract with the dialplan.
 */
class ArrivalScriptTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final AgiRequest request = mock(AgiRequest.class);
    private final AgiChannel channel = mock(AgiChannel.class);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aRepeatCallerGetsTheEnterpriseNameAndR11Priority() throws Exception {
        when(request.getCallerIdNumber()).thenReturn("13800000001");
        ArrivalService arrivals = new ArrivalService(n -> Optional.of("双鸭山青禾农业科技有限公司"), n -> true);
        new ArrivalScript(arrivals, pool, Duration.ofMillis(800)).service(request, channel);
        verify(channel).setVariable("CALLERID(name)", "双鸭山青禾农业科技有限公司");
        verify(channel).setVariable("QUEUE_PRIO", Integer.toString(ArrivalService.CALLBACK_PENDING_PRIORITY));
        verify(channel).setVariable("HOTLINE_CALLBACK_PENDING", "1");
    }

    @Test
    void aFirstTimeCallerKeepsTheCallerIdAndTheDefaultPriority() throws Exception {
        when(request.getCallerIdNumber()).thenReturn("13900000000");
        ArrivalService arrivals = new ArrivalService(n -> Optional.empty(), n -> false);
        new ArrivalScript(arrivals, pool, Duration.ofMillis(800)).service(request, channel);
        verify(channel, never()).setVariable(eq("CALLERID(name)"), anyString());
        verify(channel, never()).setVariable(eq("QUEUE_PRIO"), anyString());
        verify(channel).setVariable("HOTLINE_CALLBACK_PENDING", "0");
    }

    @Test
    void aLookupPastItsDeadlineLetsTheCallQueueUnchanged() throws Exception {
        when(request.getCallerIdNumber()).thenReturn("13800000001");
        CountDownLatch release = new CountDownLatch(1);
        ArrivalService stalled = new ArrivalService(
                n -> {
                    try {
                        release.await(); // a database that does not answer
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of("不应出现");
                },
                n -> true);
        new ArrivalScript(stalled, pool, Duration.ofMillis(50)).service(request, channel);
        release.countDown();
        verify(channel, never()).setVariable(eq("CALLERID(name)"), anyString());
        verify(channel, never()).setVariable(eq("QUEUE_PRIO"), anyString());
    }

    @Test
    void aFailingLookupLetsTheCallQueueUnchanged() throws Exception {
        when(request.getCallerIdNumber()).thenReturn("13800000001");
        ArrivalService broken = new ArrivalService(
                n -> {
                    throw new IllegalStateException("database down");
                },
                n -> true);
        new ArrivalScript(broken, pool, Duration.ofMillis(800)).service(request, channel);
        verify(channel, never()).setVariable(eq("CALLERID(name)"), anyString());
        verify(channel, never()).setVariable(eq("QUEUE_PRIO"), anyString());
    }
}
