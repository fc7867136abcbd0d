package org.hotline.softphone.sip;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;

/** What the call handlers need from the phone that owns them; all calls happen under its lock. */
interface CallContext {

    SipEndpoint endpoint();

    MediaFactory media();

    void emit(PhoneEvent event);

    /** The call the user sees, or null. */
    SipCall current();

    void current(SipCall call);

    /** A call by SIP Call-ID: the current one or one that ended locally but lingers. */
    SipCall find(String callId);

    void linger(SipCall call);

    void forget(SipCall call);

    /** Ends the call for the user: media off, state ENDED, one Ended event. */
    void end(SipCall call, EndReason reason, String detail);

    /** The request's server transaction, creating it if the stack did not. */
    default ServerTransaction serverTx(RequestEvent event) throws Exception {
        ServerTransaction st = event.getServerTransaction();
        return st != null ? st : endpoint().provider.getNewServerTransaction(event.getRequest());
    }

    default Response response(int status, Request request) throws Exception {
        Response r = endpoint().messages.createResponse(status, request);
        r.addHeader(endpoint().headers.createUserAgentHeader(java.util.List.of(SipEndpoint.USER_AGENT)));
        return r;
    }

    default Response withSdp(Response r, String sdp) throws Exception {
        r.setContent(sdp, endpoint().headers.createContentTypeHeader("application", "sdp"));
        return r;
    }
}
