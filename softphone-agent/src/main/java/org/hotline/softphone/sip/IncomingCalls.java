package org.hotline.softphone.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The callee side: a new INVITE rings, answer sends 200 with our SDP, ACK confirms, CANCEL. */
final class IncomingCalls {

    private static final Logger log = LoggerFactory.getLogger(IncomingCalls.class);

    private final CallContext ctx;

    IncomingCalls(CallContext ctx) {
        this.ctx = ctx;
    }

    void onInvite(RequestEvent event) throws Exception {
        Request req = event.getRequest();
        ServerTransaction st = ctx.serverTx(event);
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        if (ctx.current() != null) {
            // One line only: let the queue offer the caller to another agent.
            st.sendResponse(ctx.response(Response.BUSY_HERE, req));
            return;
        }
        Sdp.Remote offer = null;
        if (req.getRawContent() != null && req.getRawContent().length > 0) {
            try {
                offer = Sdp.parse(new String(req.getRawContent()));
            } catch (RuntimeException e) {
                log.debug("bad SDP in INVITE: {}", e.toString());
            }
            if (offer == null || offer.preferredCodec() == null) {
                st.sendResponse(ctx.response(Response.NOT_ACCEPTABLE_HERE, req));
                return;
            }
        }
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        String number = from.getAddress().getURI() instanceof SipURI u
                ? u.getUser()
                : from.getAddress().getURI().toString();
        SipCall call = new SipCall(
                callId, Call.Direction.INCOMING, number, from.getAddress().getDisplayName(), Call.State.RINGING);
        call.inviteServerTx = st;
        call.dialog = st.getDialog();
        call.localTag = ctx.endpoint().newTag();
        call.remoteSdp = offer;
        ctx.current(call);
        Response ringing = ctx.response(Response.RINGING, req);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.localTag);
        ringing.addHeader(ctx.endpoint().contact());
        st.sendResponse(ringing);
        ctx.emit(new PhoneEvent.Ringing(call));
    }

    void answer(SipCall call) throws Exception {
        call.media(ctx.media().open(d -> ctx.emit(new PhoneEvent.DtmfReceived(call, d))));
        Request req = call.inviteServerTx.getRequest();
        Response ok = ctx.response(Response.OK, req);
        ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.localTag);
        ok.addHeader(ctx.endpoint().contact());
        String direction = call.remoteSdp == null ? "sendrecv" : Sdp.answerDirection(call.remoteSdp.direction(), false);
        ctx.withSdp(ok, call.localSdp(ctx.endpoint().config.localIp(), false, direction));
        call.inviteServerTx.sendResponse(ok);
        call.okSent = true;
        if (call.remoteSdp != null) {
            call.applyRemote(call.remoteSdp, true);
        }
        // Answered is reported when the ACK arrives: only then is the call really up.
    }

    /** Declines a ringing call: the agent pressed hang-up before answering. */
    void decline(SipCall call) throws Exception {
        call.inviteServerTx.sendResponse(ctx.response(Response.BUSY_HERE, call.inviteServerTx.getRequest()));
        ctx.end(call, EndReason.LOCAL_CANCEL, "486 Busy Here");
    }

    void onAck(RequestEvent event, SipCall call) {
        Request ack = event.getRequest();
        if (call.direction() != Call.Direction.INCOMING || call.state() != Call.State.RINGING) {
            return; // ACK of a re-INVITE we answered, or a retransmission
        }
        if (call.remoteSdp == null && ack.getRawContent() != null) {
            // Late offer: our 200 carried the offer, the ACK carries the answer.
            call.applyRemote(Sdp.parse(new String(ack.getRawContent())), true);
        }
        call.dialog = event.getDialog() != null ? event.getDialog() : call.dialog;
        call.state(Call.State.ACTIVE);
        ctx.emit(new PhoneEvent.Answered(call));
    }

    void onCancel(RequestEvent event) throws Exception {
        Request cancel = event.getRequest();
        ServerTransaction st = ctx.serverTx(event);
        st.sendResponse(ctx.response(Response.OK, cancel));
        String callId = ((CallIdHeader) cancel.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall call = ctx.find(callId);
        if (call != null
                && call.direction() == Call.Direction.INCOMING
                && call.state() == Call.State.RINGING
                && call.inviteServerTx != null) {
            call.inviteServerTx.sendResponse(
                    ctx.response(Response.REQUEST_TERMINATED, call.inviteServerTx.getRequest()));
            ctx.end(call, EndReason.REMOTE_CANCEL, "CANCEL");
        }
    }
}
