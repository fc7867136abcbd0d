package org.hotline.softphone.sip;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;
import org.hotline.softphone.phone.PhoneListener;
import org.hotline.softphone.phone.RegistrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP {@link Phone}: validates the user's commands and hands them to the call
 * handlers; {@link SipDispatcher} does the same for what the network sends. Every state change
 * happens under one lock ({@code this}); events go out through the {@link EventDispatcher}. Several instances may live in one JVM (each has its own
 * named stack), which is how the tests run two phones side by side.
 */
public final class SipPhone implements Phone {

    private static final Logger log = LoggerFactory.getLogger(SipPhone.class);

    private final SipEndpoint endpoint;
    private final MediaFactory media;
    private final EventDispatcher events = new EventDispatcher();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sip-timers");
        t.setDaemon(true);
        return t;
    });
    private final Registrar registrar;
    private final IncomingCalls incoming;
    private final OutgoingCalls outgoing;
    private final InDialog inDialog;
    private static final Duration UNREGISTER_WAIT = Duration.ofSeconds(2);

    private final CallTable calls;
    private boolean closed;

    public SipPhone(SipPhoneConfig config, MediaFactory media) {
        this.media = media;
        SipDispatcher dispatcher = new SipDispatcher(this);
        this.endpoint = new SipEndpoint(config, dispatcher);
        this.calls = new CallTable(endpoint, media, events);
        this.registrar = new Registrar(endpoint, this::schedule, (state, detail) -> {
            events.emit(new PhoneEvent.RegistrationChanged(state, detail));
            notifyAll(); // close() may be waiting for UNREGISTERED
        });
        this.incoming = new IncomingCalls(calls);
        this.outgoing = new OutgoingCalls(calls);
        this.inDialog = new InDialog(calls);
        dispatcher.wire(registrar, incoming, outgoing, inDialog, calls);
        log.info("SIP phone ready: {}", config);
    }

    private Future<?> schedule(Runnable task, Duration delay) {
        return timers.schedule(
                () -> {
                    synchronized (this) {
                        task.run();
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void addListener(PhoneListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(PhoneListener listener) {
        events.remove(listener);
    }

    @Override
    public synchronized void register() {
        registrar.register();
    }

    @Override
    public synchronized void unregister() {
        registrar.unregister();
    }

    @Override
    public synchronized RegistrationState registrationState() {
        return registrar.state();
    }

    @Override
    public synchronized Call dial(String number) {
        if (number == null || !number.matches("[0-9A-Za-z*#+._-]+")) {
            throw new PhoneException("bad-number", "not a dialable number: " + number);
        }
        if (calls.current() != null) {
            throw new PhoneException(
                    "line-busy", "already in a call: " + calls.current().id());
        }
        return act("dial", () -> outgoing.dial(number));
    }

    @Override
    public synchronized void answer() {
        SipCall call = require(Call.State.RINGING);
        if (call.direction() != Call.Direction.INCOMING || call.okSent) {
            throw new PhoneException("wrong-call-state", "no incoming call to answer");
        }
        act("answer", () -> {
            incoming.answer(call);
            return null;
        });
    }

    @Override
    public synchronized void hangup() {
        SipCall call = require(null);
        act("hangup", () -> {
            if (call.state() == Call.State.DIALLING) {
                outgoing.abandon(call);
            } else if (call.state() == Call.State.RINGING && !call.okSent) {
                incoming.decline(call);
            } else {
                inDialog.hangup(call);
            }
            return null;
        });
    }

    @Override
    public synchronized void hold() {
        SipCall call = require(Call.State.ACTIVE);
        act("hold", () -> {
            inDialog.reinvite(call, true);
            return null;
        });
    }

    @Override
    public synchronized void resume() {
        SipCall call = require(Call.State.HELD);
        if (!call.localHold) {
            throw new PhoneException("wrong-call-state", "the other party holds this call");
        }
        act("resume", () -> {
            inDialog.reinvite(call, false);
            return null;
        });
    }

    @Override
    public synchronized void sendDtmf(char digit) {
        SipCall call = require(Call.State.ACTIVE);
        try {
            call.media().sendDtmf(digit);
        } catch (IllegalArgumentException e) {
            throw new PhoneException("bad-dtmf-digit", e.getMessage());
        }
    }

    @Override
    public synchronized Optional<Call> currentCall() {
        return Optional.ofNullable(calls.current());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return; // idempotent: a shutdown hook and try-with-resources may both call
            }
            closed = true;
            if (calls.current() != null) {
                try {
                    hangup();
                } catch (PhoneException e) {
                    log.debug("hangup on close: {}", e.getMessage());
                }
            }
            registrar.unregister();
            awaitUnregistered(UNREGISTER_WAIT);
        }
        timers.shutdownNow();
        events.close();
        endpoint.close();
    }

    /** Gives the registrar a moment to answer (and challenge) the unregister. */
    private void awaitUnregistered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registrar.state() != RegistrationState.UNREGISTERED) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                wait(left); // releases the lock so the SIP stack can deliver the response
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private SipCall require(Call.State state) {
        SipCall current = calls.current();
        if (current == null) {
            throw new PhoneException("no-call", "there is no call");
        }
        if (state != null && current.state() != state) {
            throw new PhoneException("wrong-call-state", "call is " + current.state() + ", needs " + state);
        }
        return current;
    }

    private interface Action<T> {
        T run() throws Exception;
    }

    private <T> T act(String what, Action<T> action) {
        try {
            return action.run();
        } catch (PhoneException e) {
            throw e;
        } catch (Exception e) {
            throw new PhoneException("sip-error", what + " failed: " + e.getMessage(), e);
        }
    }
}
