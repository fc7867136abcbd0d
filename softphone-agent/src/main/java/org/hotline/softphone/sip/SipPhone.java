package org.hotline.softphone.sip;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;
import org.hotline.softphone.phone.PhoneListener;
import org.hotline.softphone.phone.RegistrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP {@link Phone}. Routes stack events to the registrar and the call handlers;
 * every state change happens under one lock ({@code this}), events go out through the
 * {@link EventDispatcher} after it. Several instances may live in one JVM (each has its own
 * named stack), which is how the tests run two phones side by side.
 */
public final class SipPhone implements Phone {

    private static final Logger log = LoggerFactory.getLogger(SipPhone.class);

    private final SipEndpoint endpoint;
    private final MediaFactory media;
    private final EventDispatcher events = new EventDispatcher();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            r -> {
                Thread t = new Thread(r, "sip-timers");
                t.setDaemon(true);
                return t;
            });
    private final Registrar registrar;
    private final IncomingCalls incoming;
    private final OutgoingCalls outgoing;
    private final InDialog inDialog;
    private final Map<String, SipCall> lingering = new HashMap<>();
    private SipCall current;

    public SipPhone(SipPhoneConfig config, MediaFactory media) {
        this.media = media;
        this.endpoint = new SipEndpoint(config, new Listener());
        Context ctx = new Context();
        this.registrar = new Registrar(endpoint, this::schedule,
                (state, detail) -> events.emit(new PhoneEvent.RegistrationChanged(state, detail)));
        this.incoming = new IncomingCalls(ctx);
        this.outgoing = new OutgoingCalls(ctx);
        this.inDialog = new InDialog(ctx);
        log.info("SIP phone ready: {}", config);
    }

    private Future<?> schedule(Runnable task, Duration delay) {
        return timers.schedule(() -> {
            synchronized (this) {
                task.run();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
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
        if (current != null) {
            throw new PhoneException("line-busy", "already in a call: " + current.id());
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
        return Optional.ofNullable(current);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (current != null) {
                try {
                    hangup();
                } catch (PhoneException e) {
                    log.debug("hangup on close: {}", e.getMessage());
                }
            }
            registrar.unregister();
        }
        timers.shutdownNow();
        events.close();
        endpoint.close();
    }

    private SipCall require(Call.State state) {
        if (current == null) {
            throw new PhoneException("no-call", "there is no call");
        }
        if (state != null && current.state() != state) {
            throw new PhoneException("wrong-call-state",
                    "call is " + current.state() + ", needs " + state);
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

    /** Implements the handlers' view of the phone; kept off SipPhone's public surface. */
    private final class Context implements CallContext {
        @Override
        public SipEndpoint endpoint() {
            return endpoint;
        }

        @Override
        public MediaFactory media() {
            return media;
        }

        @Override
        public void emit(PhoneEvent event) {
            events.emit(event);
        }

        @Override
        public SipCall current() {
            return current;
        }

        @Override
        public void current(SipCall call) {
            current = call;
        }

        @Override
        public SipCall find(String callId) {
            if (current != null && current.id().equals(callId)) {
                return current;
            }
            return lingering.get(callId);
        }

        @Override
        public void linger(SipCall call) {
            lingering.put(call.id(), call);
        }

        @Override
        public void forget(SipCall call) {
            lingering.remove(call.id());
        }

        @Override
        public void end(SipCall call, EndReason reason, String detail) {
            if (call.state() == Call.State.ENDED) {
                return;
            }
            call.closeMedia();
            call.state(Call.State.ENDED);
            if (current == call) {
                current = null;
            }
            log.info("{} ended: {} ({})", call.id(), reason, detail);
            events.emit(new PhoneEvent.Ended(call, reason, detail));
        }
    }

    /** JAIN-SIP callbacks: dispatch under the lock; never let an exception reach the stack. */
    private final class Listener implements SipListener {
        private final Context ctx = new Context();

        @Override
        public void processRequest(RequestEvent event) {
            synchronized (SipPhone.this) {
                Request req = event.getRequest();
                String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
                SipCall call = ctx.find(callId);
                try {
                    switch (req.getMethod()) {
                        case Request.INVITE -> {
                            boolean inDialogReq =
                                    ((ToHeader) req.getHeader(ToHeader.NAME)).getTag() != null;
                            if (inDialogReq && call != null && call.state() != Call.State.RINGING) {
                                inDialog.onReinvite(event, call);
                            } else if (!inDialogReq) {
                                incoming.onInvite(event);
                            } else {
                                ctx.serverTx(event).sendResponse(ctx.response(
                                        Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
                            }
                        }
                        case Request.ACK -> {
                            if (call != null) {
                                incoming.onAck(event, call);
                            }
                        }
                        case Request.BYE -> inDialog.onBye(event, call);
                        case Request.CANCEL -> incoming.onCancel(event);
                        case Request.OPTIONS ->     // Asterisk's qualify: say we are alive
                                ctx.serverTx(event).sendResponse(ctx.response(Response.OK, req));
                        default -> ctx.serverTx(event).sendResponse(
                                ctx.response(Response.METHOD_NOT_ALLOWED, req));
                    }
                } catch (Exception e) {
                    log.warn("failed to handle {}: {}", req.getMethod(), e.toString());
                }
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            synchronized (SipPhone.this) {
                Response r = event.getResponse();
                String method = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod();
                String callId = ((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId();
                try {
                    if (method.equals(Request.REGISTER) && registrar.owns(r)) {
                        registrar.onResponse(event);
                    } else if (method.equals(Request.INVITE)) {
                        SipCall call = ctx.find(callId);
                        if (call == null) {
                            return;
                        }
                        if (inDialog.isReinviteResponse(event, call)) {
                            inDialog.onReinviteResponse(event, call);
                        } else if (call.direction() == Call.Direction.OUTGOING) {
                            outgoing.onResponse(event, call);
                        }
                    }
                } catch (Exception e) {
                    log.warn("failed to handle {} response {}: {}", method, r.getStatusCode(),
                            e.toString());
                }
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            synchronized (SipPhone.this) {
                if (event.isServerTransaction()) {
                    return;
                }
                Request req = event.getClientTransaction().getRequest();
                String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
                SipCall call = ctx.find(callId);
                if (req.getMethod().equals(Request.REGISTER)) {
                    registrar.onTimeout();
                } else if (req.getMethod().equals(Request.INVITE) && call != null) {
                    if (event.getClientTransaction() == call.reinviteTx) {
                        call.reinviteTx = null;
                    } else if (event.getClientTransaction() == call.inviteClientTx) {
                        outgoing.onTimeout(call);
                    }
                }
            }
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            log.debug("SIP I/O error towards {}:{}", event.getHost(), event.getPort());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            // nothing to clean: calls end on their own final responses and timeouts
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
            // likewise
        }
    }
}
