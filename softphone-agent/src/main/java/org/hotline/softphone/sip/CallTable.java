package org.hotline.softphone.sip;

import java.util.HashMap;
import java.util.Map;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.EndReason;
import org.hotline.softphone.phone.PhoneEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone's call table: the one current call and those that ended for the user but may
 * still see late signalling (a 200 crossing our CANCEL). Used under the phone's lock.
 */
final class CallTable implements CallContext {

    private static final Logger log = LoggerFactory.getLogger(CallTable.class);

    private final SipEndpoint endpoint;
    private final MediaFactory media;
    private final EventDispatcher events;
    private final Map<String, SipCall> lingering = new HashMap<>();
    private SipCall current;

    CallTable(SipEndpoint endpoint, MediaFactory media, EventDispatcher events) {
        this.endpoint = endpoint;
        this.media = media;
        this.events = events;
    }

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
