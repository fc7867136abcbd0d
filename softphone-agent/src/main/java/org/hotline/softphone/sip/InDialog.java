package org.hotline.softphone.sip;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An established call: BYE either way, and hold/resume by re-INVITE either way. */
final class InDialog {

    private static final Logger log = LoggerFactory.getLogger(InDialog.class);

    private final CallContext ctx;

    InDialog(CallContext ctx) {
        this.ctx = ctx;
    }

    void hangup(SipCall call) throws Exception {
        Dialog dialog = call.dialog;
        ctx.end(call, EndReason.LOCAL_HANGUP, "BYE");
        Request bye = dialog.createRequest(Request.BYE);
        dialog.sendRequest(ctx.endpoint().provider.getNewClientTransaction(bye));
    }

    void onBye(RequestEvent event, SipCall call) throws Exception {
        ServerTransaction st = ctx.serverTx(event);
        if (call == null) {
            st.sendResponse(ctx.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, event.getRequest()));
            return;
        }
        st.sendResponse(ctx.response(Response.OK, event.getRequest()));
        ctx.end(call, EndReason.REMOTE_HANGUP, "BYE");
    }

    /** Sends a re-INVITE offering sendonly (hold) or sendrecv (resume). */
    void reinvite(SipCall call, boolean hold) throws Exception {
        if (call.reinviteTx != null) {
            throw new PhoneException("hold-in-progress", "a hold or resume is already pending");
        }
        Request r = call.dialog.createRequest(Request.INVITE);
        r.addHeader(ctx.endpoint().contact());
        r.setContent(
                call.localSdp(ctx.endpoint().config.localIp(), true, hold ? "sendonly" : "sendrecv"),
                ctx.endpoint().headers.createContentTypeHeader("application", "sdp"));
        ClientTransaction tx = ctx.endpoint().provider.getNewClientTransaction(r);
        call.reinviteTx = tx;
        call.reinviteHolds = hold;
        call.dialog.sendRequest(tx);
    }

    boolean isReinviteResponse(ResponseEvent event, SipCall call) {
        return call.reinviteTx != null && event.getClientTransaction() == call.reinviteTx;
    }

    void onReinviteResponse(ResponseEvent event, SipCall call) throws Exception {
        Response r = event.getResponse();
        int status = r.getStatusCode();
        if (status < 200) {
            return;
        }
        call.reinviteTx = null;
        if (status >= 300) {
            // 491 glare or a refusal: the call goes on as it was; the user may try again.
            log.info("re-INVITE refused: {} {}", status, r.getReasonPhrase());
            return;
        }
        long cseq = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
        call.dialog.sendAck(call.dialog.createAck(cseq));
        call.localHold = call.reinviteHolds;
        if (r.getRawContent() != null && r.getRawContent().length > 0) {
            call.applyRemote(Sdp.parse(new String(r.getRawContent())), false);
        } else {
            call.media().setSending(!call.localHold && !call.remoteHold);
        }
        held(call, call.localHold, false);
    }

    /** The peer re-INVITEs: a hold, a resume, or just a media change (e.g. Asterisk re-routing). */
    void onReinvite(RequestEvent event, SipCall call) throws Exception {
        ServerTransaction st = ctx.serverTx(event);
        Request req = event.getRequest();
        if (call.reinviteTx != null) {
            st.sendResponse(ctx.response(Response.REQUEST_PENDING, req)); // 491: glare
            return;
        }
        Response ok = ctx.response(Response.OK, req);
        ok.addHeader(ctx.endpoint().contact());
        boolean wasHeld = call.remoteHold;
        if (req.getRawContent() != null && req.getRawContent().length > 0) {
            Sdp.Remote offer = Sdp.parse(new String(req.getRawContent()));
            if (offer.preferredCodec() == null) {
                st.sendResponse(ctx.response(Response.NOT_ACCEPTABLE_HERE, req));
                return;
            }
            call.applyRemote(offer, false);
            ctx.withSdp(
                    ok,
                    call.localSdp(
                            ctx.endpoint().config.localIp(),
                            false,
                            Sdp.answerDirection(offer.direction(), call.localHold)));
        } else {
            ctx.withSdp(
                    ok, call.localSdp(ctx.endpoint().config.localIp(), true, call.localHold ? "sendonly" : "sendrecv"));
        }
        st.sendResponse(ok);
        if (call.remoteHold != wasHeld) {
            held(call, call.remoteHold, true);
        }
    }

    private void held(SipCall call, boolean held, boolean byRemote) {
        boolean anyHold = call.localHold || call.remoteHold;
        call.state(anyHold ? Call.State.HELD : Call.State.ACTIVE);
        ctx.emit(held ? new PhoneEvent.Held(call, byRemote) : new PhoneEvent.Resumed(call, byRemote));
    }
}
