package org.hotline.softphone.sip;

import java.time.Duration;
import java.util.ListIterator;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.phone.RegistrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps our binding at the registrar alive: REGISTER with digest auth, refresh at three quarters
 * of the granted expiry, and after any failure (timeout while Asterisk restarts, 5xx, rejected
 * credentials) retry with doubling back-off from {@code retryMin} to {@code retryMax}.
 *
 * <p>Not thread-safe: the owning phone calls it under its lock, and the {@link Scheduler} it is
 * given takes that lock before running a timer.
 */
final class Registrar {

    /** Runs a task later under the phone's lock. */
    interface Scheduler {
        Future<?> schedule(Runnable task, Duration delay);
    }

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final SipEndpoint endpoint;
    private final Authenticator authenticator;
    private final Scheduler scheduler;
    private final BiConsumer<RegistrationState, String> onChange;
    // One Call-ID for all REGISTERs of this binding, as RFC 3261 10.2 asks.
    private final CallIdHeader callId;
    private final String fromTag;
    private long cseq = 1;
    private Request pending;
    private int authAttempts;
    private int failures;
    private boolean wanted;
    private Future<?> timer;
    private RegistrationState state = RegistrationState.UNREGISTERED;

    Registrar(SipEndpoint endpoint, Scheduler scheduler, BiConsumer<RegistrationState, String> onChange) {
        this.endpoint = endpoint;
        this.authenticator = new Authenticator(endpoint);
        this.scheduler = scheduler;
        this.onChange = onChange;
        this.callId = endpoint.newCallId();
        this.fromTag = endpoint.newTag();
    }

    RegistrationState state() {
        return state;
    }

    void register() {
        wanted = true;
        failures = 0;
        send(endpoint.config.registerExpires().toSeconds());
    }

    void unregister() {
        wanted = false;
        cancelTimer();
        if (state == RegistrationState.UNREGISTERED) {
            return;
        }
        send(0);
    }

    /** True if the response belongs to our current REGISTER; anything older is ignored. */
    boolean owns(Response response) {
        CallIdHeader id = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        return id != null && id.getCallId().equals(callId.getCallId());
    }

    void onResponse(ResponseEvent event) {
        Response r = event.getResponse();
        long seq = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (pending == null || seq != ((CSeqHeader) pending.getHeader(CSeqHeader.NAME)).getSeqNumber()) {
            return;
        }
        int status = r.getStatusCode();
        boolean unregistering = ((ExpiresHeader) pending.getHeader(ExpiresHeader.NAME)).getExpires() == 0;
        if (status < 200) {
            return;
        }
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            // A second challenge means wrong credentials, unless the nonce merely went stale.
            if (authAttempts == 0 || (authAttempts < 3 && Authenticator.isStale(r))) {
                retryWithCredentials(r);
            } else {
                fail(status + " after credentials: check user and password");
            }
        } else if (status == Response.INTERVAL_TOO_BRIEF) {
            MinExpiresHeader min = (MinExpiresHeader) r.getHeader(MinExpiresHeader.NAME);
            send(
                    min != null
                            ? min.getExpires()
                            : 2L * endpoint.config.registerExpires().toSeconds());
        } else if (status >= 300) {
            fail(status + " " + r.getReasonPhrase());
        } else if (unregistering) {
            pending = null;
            setState(RegistrationState.UNREGISTERED, "unregistered");
        } else {
            pending = null;
            failures = 0;
            long granted = grantedExpires(r);
            setState(RegistrationState.REGISTERED, "expires " + granted + "s");
            // Refresh well before expiry so one lost packet and its retransmissions still fit.
            long refresh = Math.max(1, granted * 3 / 4);
            timer = scheduler.schedule(this::refresh, Duration.ofSeconds(refresh));
        }
    }

    void onTimeout() {
        if (pending != null) {
            fail("no response from " + endpoint.config.server() + ":" + endpoint.config.serverPort());
        }
    }

    private void refresh() {
        if (wanted) {
            send(endpoint.config.registerExpires().toSeconds());
        }
    }

    private void send(long expires) {
        cancelTimer();
        authAttempts = 0;
        try {
            Address aor = endpoint.self();
            Request r = endpoint.request(Request.REGISTER, aor, callId, cseq++, fromTag);
            r.setRequestURI(endpoint.uri(null, endpoint.config.server(), endpoint.config.serverPort()));
            r.addHeader(endpoint.headers.createExpiresHeader((int) expires));
            if (expires > 0 && state != RegistrationState.REGISTERED) {
                setState(RegistrationState.REGISTERING, "sending REGISTER");
            }
            transmit(r);
        } catch (Exception e) {
            fail("cannot send REGISTER: " + e.getMessage());
        }
    }

    private void retryWithCredentials(Response challenge) {
        try {
            Request r = authenticator.authorize(pending, challenge);
            if (r == null) {
                fail("unsupported authentication challenge");
                return;
            }
            authAttempts++;
            cseq = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber() + 1;
            transmit(r);
        } catch (Exception e) {
            fail("cannot answer challenge: " + e.getMessage());
        }
    }

    private void transmit(Request r) throws Exception {
        pending = r;
        ClientTransaction tx = endpoint.provider.getNewClientTransaction(r);
        tx.sendRequest();
    }

    private void fail(String reason) {
        boolean unregistering =
                pending != null && ((ExpiresHeader) pending.getHeader(ExpiresHeader.NAME)).getExpires() == 0;
        pending = null;
        if (!wanted || unregistering) {
            setState(RegistrationState.UNREGISTERED, reason);
            return;
        }
        Duration delay = backoff(failures++, endpoint.config.retryMin(), endpoint.config.retryMax());
        log.info("registration failed ({}); retrying in {}s", reason, delay.toSeconds());
        setState(RegistrationState.FAILED, reason + "; retry in " + delay.toSeconds() + "s");
        cancelTimer();
        timer = scheduler.schedule(this::refresh, delay);
    }

    static Duration backoff(int attempt, Duration min, Duration max) {
        Duration d = min.multipliedBy(1L << Math.min(attempt, 16));
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Expiry the registrar granted our contact: its Contact expires, else Expires, else ours. */
    private long grantedExpires(Response r) {
        String ours = endpoint.config.localIp() + ":" + endpoint.config.localPort();
        ListIterator<?> contacts = r.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader c = (ContactHeader) contacts.next();
            if (c.getExpires() >= 0 && c.getAddress().getURI().toString().contains(ours)) {
                return c.getExpires();
            }
        }
        ExpiresHeader e = (ExpiresHeader) r.getHeader(ExpiresHeader.NAME);
        return e != null ? e.getExpires() : endpoint.config.registerExpires().toSeconds();
    }

    private void setState(RegistrationState next, String detail) {
        // FAILED and REGISTERED repeat on purpose: each retry and each refresh is news to a UI.
        if (next != state || next == RegistrationState.FAILED || next == RegistrationState.REGISTERED) {
            log.info("registration {} -> {} ({})", state, next, detail);
            state = next;
            onChange.accept(next, detail);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
