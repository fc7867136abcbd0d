package org.hotline.cti.agi;

import java.util.ArrayList;
import java.util.List;
import org.hotline.cti.app.arrival.ArrivalService;
import org.hotline.cti.app.arrival.ArrivalService.Arrival;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://…/arrival}: sets {@code CALLERID(name)} to the caller's enterprise and
 * {@code QUEUE_PRIO} for a caller whose callback is pending (R11), and always
 * {@code HOTLINE_CALLBACK_PENDING} (1 or 0, a variable a site's dialplan may read); the dialplan
 * queues the call next. A look-up that fails leaves the channel as it is: the call queues exactly
 * as it would without the CTI. The look-ups are answered from memory (issue 14 item 4), so this
 * runs on the FastAGI event loop.
 */
final class ArrivalScript {
    static final String NAME = "arrival";
    private static final Logger log = LoggerFactory.getLogger(ArrivalScript.class);

    private final ArrivalService arrivals;

    ArrivalScript(ArrivalService arrivals) {
        this.arrivals = arrivals;
    }

    /** The commands for a call from {@code callerNumber} (null: unknown), in the order to send them. */
    List<String> commands(String callerNumber) {
        Arrival arrival = lookup(callerNumber);
        List<String> out = new ArrayList<>(3);
        arrival.enterprise().ifPresent(name -> out.add(AgiCommands.setVariable("CALLERID(name)", name)));
        if (arrival.queuePriority() > 0) {
            out.add(AgiCommands.setVariable("QUEUE_PRIO", Integer.toString(arrival.queuePriority())));
        }
        out.add(AgiCommands.setVariable("HOTLINE_CALLBACK_PENDING", arrival.callbackPending() ? "1" : "0"));
        log.debug(
                "arrival {}: enterprise {}, callback pending {}",
                callerNumber,
                arrival.enterprise().orElse("-"),
                arrival.callbackPending());
        return out;
    }

    private Arrival lookup(String number) {
        try {
            return arrivals.arrive(number);
        } catch (RuntimeException e) {
            log.warn("arrival lookup for {} failed; the call queues without it: {}", number, e.toString());
            return Arrival.UNKNOWN;
        }
    }
}
