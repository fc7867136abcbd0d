package org.hotline.softphone.sip;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.address.Address;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller side: INVITE with our offer through the server, digest auth on 401/407, CANCEL
 * when the agent gives up before an answer, ACK on 200, and the end reason from a failure.
 */
final class OutgoingCalls {

    private static final Logger log = LoggerFactory.getLogger(OutgoingCalls.class);

    private final CallContext ctx;
    private final Authenticator authenticator;

    OutgoingCalls(CallContext ctx) {
        this.ctx = ctx;
        this.authenticator = new Authenticator(ctx.endpoint());
    }

    SipCall dial(String number) throws Exception {
        SipEndpoint ep = ctx.endpoint();
        Address to = ep.addresses.createAddress(ep.uri(number, ep.config.server(), ep.config.serverPort()));
        javax.sip.header.CallIdHeader callId = ep.newCallId();
        SipCall call = new SipCall(callId.getCallId(), Call.Direction.OUTGOING, number, "", Call.State.DIALLING);
        call.media(ctx.media().open(d -> ctx.emit(new PhoneEvent.DtmfReceived(call, d))));
        Request invite = ep.request(Request.INVITE, to, callId, 1, ep.newTag());
        invite.setContent(
                call.localSdp(ep.config.localIp(), true, "sendrecv"),
                ep.headers.createContentTypeHeader("application", "sdp"));
        ctx.current(call);
        try {
            send(call, invite);
        } catch (Exception e) {
            ctx.current(null); // nothing went out: leave the line free, not a ghost call
            call.closeMedia();
            throw e;
        }
        return call;
    }

    private void send(SipCall call, Request invite) throws Exception {
        ClientTransaction tx = ctx.endpoint().provider.getNewClientTransaction(invite);
        call.inviteRequest = invite;
        call.inviteClientTx = tx;
        call.dialog = tx.getDialog();
        call.provisionalSeen = false;
        tx.sendRequest();
    }

    /** Hang-up before an answer: CANCEL now if the INVITE got a 1xx, else as soon as it does. */
    void abandon(SipCall call) throws Exception {
        call.endedLocally = true;
        if (call.provisionalSeen) {
            sendCancel(call);
        } else {
            call.cancelPending = true;
        }
        ctx.linger(call);
        ctx.end(call, EndReason.LOCAL_CANCEL, "CANCEL");
    }

    private void sendCancel(SipCall call) throws Exception {
        call.cancelPending = false;
        ClientTransaction cancel = ctx.endpoint().provider.getNewClientTransaction(call.inviteClientTx.createCancel());
        cancel.sendRequest();
    }

    void onResponse(ResponseEvent event, SipCall call) throws Exception {
        Response r = event.getResponse();
        int status = r.getStatusCode();
        if (event.getClientTransaction() != null && event.getClientTransaction() != call.inviteClientTx) {
            if (status >= 200 && status < 300 && event.getDialog() != null) {
                ack(event.getDialog(), r); // a late 2xx of a superseded transaction
            }
            return;
        }
        if (status < 200) {
            onProvisional(call, status);
        } else if (status < 300) {
            onSuccess(event, call);
        } else if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && !call.endedLocally
                && (call.authAttempts == 0 || Authenticator.isStale(r))
                && call.authAttempts < 3) {
            Request retry = authenticator.authorize(call.inviteRequest, r);
            if (retry == null) {
                ctx.end(call, EndReason.FAILED, status + " unsupported challenge");
                return;
            }
            call.authAttempts++;
            send(call, retry);
        } else {
            ctx.forget(call);
            if (!call.endedLocally) {
                ctx.end(call, reasonFor(status), status + " " + r.getReasonPhrase());
            }
        }
    }

    private void onProvisional(SipCall call, int status) throws Exception {
        call.provisionalSeen = true; // CANCEL is allowed after any provisional
        // A 180 the stack hands over after the 200 (its threads may reorder a peer's back-to-back
        // 180 and 200) must not make an answered call look ringing again.
        if (!call.endedLocally
                && call.state() == Call.State.DIALLING
                && (status == Response.RINGING || status == Response.SESSION_PROGRESS)) {
            ctx.emit(new PhoneEvent.RemoteRinging(call));
        }
        if (call.cancelPending) {
            sendCancel(call);
        }
    }

    private void onSuccess(ResponseEvent event, SipCall call) throws Exception {
        Dialog dialog = event.getDialog() != null ? event.getDialog() : call.dialog;
        ack(dialog, event.getResponse());
        if (call.endedLocally) {
            // The 200 crossed our CANCEL: the call exists now, so end it properly.
            ctx.forget(call);
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(ctx.endpoint().provider.getNewClientTransaction(bye));
            return;
        }
        if (call.state() != Call.State.DIALLING) {
            return; // retransmitted 200: the ACK above was all it needed
        }
        call.dialog = dialog;
        byte[] body = event.getResponse().getRawContent();
        if (body != null && body.length > 0) {
            Sdp.Remote answer = Sdp.parse(new String(body));
            if (answer.preferredCodec() == null) {
                log.warn("peer answered without PCMU/PCMA; hanging up");
                ctx.end(call, EndReason.FAILED, "no common codec");
                dialog.sendRequest(ctx.endpoint().provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
                return;
            }
            call.applyRemote(answer, true);
        }
        call.state(Call.State.ACTIVE);
        ctx.emit(new PhoneEvent.Answered(call));
    }

    private void ack(Dialog dialog, Response ok) throws Exception {
        long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        dialog.sendAck(dialog.createAck(cseq));
    }

    void onTimeout(SipCall call) {
        ctx.forget(call);
        if (!call.endedLocally) {
            ctx.end(call, EndReason.FAILED, "no response to INVITE");
        }
    }

    static EndReason reasonFor(int status) {
        return switch (status) {
            case 486, 600 -> EndReason.BUSY;
            case 408, 480, 487 -> EndReason.NO_ANSWER;
            case 403, 404, 484, 488, 603 -> EndReason.REJECTED;
            default -> status < 500 ? EndReason.REJECTED : EndReason.FAILED;
        };
    }
}
