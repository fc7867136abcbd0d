package org.hotline.softphone.sip;

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
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP callbacks: routes each request, response and timeout to the registrar or the call
 * handlers, under the phone's lock, and never lets an exception reach the stack.
 *
 * <p>Created before the stack (the stack needs a listener) and wired to the handlers after
 * (they need the stack); anything arriving in between is dropped, and SIP retransmits it.
 */
final class SipDispatcher implements SipListener {

    private static final Logger log = LoggerFactory.getLogger(SipDispatcher.class);

    private final Object lock;
    private volatile boolean wired;
    private Registrar registrar;
    private IncomingCalls incoming;
    private OutgoingCalls outgoing;
    private InDialog inDialog;
    private CallTable ctx;

    SipDispatcher(Object lock) {
        this.lock = lock;
    }

    void wire(Registrar registrar, IncomingCalls incoming, OutgoingCalls outgoing, InDialog inDialog, CallTable calls) {
        synchronized (lock) {
            this.registrar = registrar;
            this.incoming = incoming;
            this.outgoing = outgoing;
            this.inDialog = inDialog;
            this.ctx = calls;
            this.wired = true;
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        synchronized (lock) {
            if (!wired) {
                return;
            }
            Request req = event.getRequest();
            String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
            SipCall call = ctx.find(callId);
            try {
                switch (req.getMethod()) {
                    case Request.INVITE -> {
                        boolean inDialogReq = ((ToHeader) req.getHeader(ToHeader.NAME)).getTag() != null;
                        if (inDialogReq && call != null && call.state() != Call.State.RINGING) {
                            inDialog.onReinvite(event, call);
                        } else if (!inDialogReq) {
                            incoming.onInvite(event);
                        } else {
                            ctx.serverTx(event)
                                    .sendResponse(ctx.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req));
                        }
                    }
                    case Request.ACK -> {
                        if (call != null) {
                            incoming.onAck(event, call);
                        }
                    }
                    case Request.BYE -> inDialog.onBye(event, call);
                    case Request.CANCEL -> incoming.onCancel(event);
                    case Request.OPTIONS -> // Asterisk's qualify: say we are alive
                        ctx.serverTx(event).sendResponse(ctx.response(Response.OK, req));
                    default -> ctx.serverTx(event).sendResponse(ctx.response(Response.METHOD_NOT_ALLOWED, req));
                }
            } catch (Exception e) {
                log.warn("failed to handle {}: {}", req.getMethod(), e.toString());
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        synchronized (lock) {
            if (!wired) {
                return;
            }
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
                log.warn("failed to handle {} response {}: {}", method, r.getStatusCode(), e.toString());
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        synchronized (lock) {
            if (!wired) {
                return;
            }
            if (event.isServerTransaction()) {
                SipCall call = ctx.current();
                if (call != null && event.getServerTransaction() == call.inviteServerTx) {
                    noAck(call);
                }
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
        // nothing to clean: calls end on final responses, BYE, timeouts and dialog ends
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        synchronized (lock) {
            if (!wired) {
                return;
            }
            SipCall call = ctx.current();
            if (call != null && event.getDialog() == call.dialog) {
                noAck(call);
            }
        }
    }

    /** Our 200 was never ACKed: the caller is gone, whatever the dialog said before. */
    private void noAck(SipCall call) {
        if (call.okSent && call.state() == Call.State.RINGING) {
            ctx.end(call, EndReason.FAILED, "no ACK for 200 OK");
        }
    }
}
