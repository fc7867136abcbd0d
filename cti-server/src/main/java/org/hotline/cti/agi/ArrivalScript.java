package org.hotline.cti.agi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.hotline.cti.app.arrival.ArrivalService;
import org.hotline.cti.app.arrival.ArrivalService.Arrival;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://…/arrival}: sets {@code CALLERID(name)} to the caller's enterprise and
 * {@code QUEUE_PRIO} for a caller whose callback is pending (R11), then returns; the dialplan
 * queues the call next. Anything that goes wrong leaves the channel untouched: the call queues
 * exactly as it would without the CTI.
 */
final class ArrivalScript implements AgiScript {
    static final String NAME = "arrival";
    private static final Logger log = LoggerFactory.getLogger(ArrivalScript.class);

    private final ArrivalService arrivals;
    private final Executor lookups;
    private final Duration answerWithin;

    ArrivalScript(ArrivalService arrivals, Executor lookups, Duration answerWithin) {
        this.arrivals = arrivals;
        this.lookups = lookups;
        this.answerWithin = answerWithin;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String number = request.getCallerIdNumber();
        Arrival arrival = lookup(number);
        if (arrival.enterprise().isPresent()) {
            // Quoting and escaping are Asterisk-Java's (SET VARIABLE "..."); the socket is UTF-8.
            channel.setVariable("CALLERID(name)", arrival.enterprise().get());
        }
        if (arrival.queuePriority() > 0) {
            channel.setVariable("QUEUE_PRIO", Integer.toString(arrival.queuePriority()));
        }
        channel.setVariable("HOTLINE_CALLBACK_PENDING", arrival.callbackPending() ? "1" : "0");
        log.debug(
                "arrival {}: enterprise {}, callback pending {}",
                number,
                arrival.enterprise().orElse("-"),
                arrival.callbackPending());
    }

    private Arrival lookup(String number) {
        CompletableFuture<Arrival> f = CompletableFuture.supplyAsync(() -> arrivals.arrive(number), lookups);
        try {
            return f.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            log.warn(
                    "arrival lookup for {} took over {} ms; the call queues without it",
                    number,
                    answerWithin.toMillis());
        } catch (ExecutionException e) {
            log.warn(
                    "arrival lookup for {} failed; the call queues without it: {}",
                    number,
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Arrival.UNKNOWN;
    }
}
