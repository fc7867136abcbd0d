package org.hotline.softphone.sip;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.hotline.softphone.media.Codec;
import org.hotline.softphone.media.RtpSession;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.MediaStats;

/**
 * One call's SIP and media state. Fields are touched only under the phone's lock; the
 * {@link Call} view methods read volatile or immutable fields so a UI may poll them freely.
 */
final class SipCall implements Call {

    private final String id;
    private final Direction direction;
    private final String remoteNumber;
    private final String remoteName;
    private final Instant startedAt = Instant.now();
    private volatile State state;
    private volatile RtpSession media;

    Dialog dialog;
    ServerTransaction inviteServerTx; // incoming: to answer, ring, or 487 on CANCEL
    String localTag; // incoming: our To tag, same on 180 and 200
    ClientTransaction inviteClientTx; // outgoing: to CANCEL
    Request inviteRequest; // outgoing: to re-send with credentials
    int authAttempts;
    boolean okSent; // incoming: 200 sent, waiting for the ACK
    boolean provisionalSeen;
    boolean cancelPending; // hung up before any 1xx: CANCEL when one arrives
    boolean endedLocally; // ended for the user; may still need a late ACK + BYE
    ClientTransaction reinviteTx;
    boolean reinviteHolds; // what the pending re-INVITE asks for
    boolean localHold;
    boolean remoteHold;
    Sdp.Remote remoteSdp;
    final long sdpSessionId = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
    long sdpVersion = 1;

    SipCall(String id, Direction direction, String remoteNumber, String remoteName, State initial) {
        this.id = id;
        this.direction = direction;
        this.remoteNumber = remoteNumber;
        this.remoteName = remoteName == null ? "" : remoteName;
        this.state = initial;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public String remoteNumber() {
        return remoteNumber;
    }

    @Override
    public String remoteName() {
        return remoteName;
    }

    @Override
    public State state() {
        return state;
    }

    void state(State next) {
        state = next;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public MediaStats mediaStats() {
        RtpSession m = media;
        return m == null ? MediaStats.NONE : m.stats();
    }

    RtpSession media() {
        return media;
    }

    void media(RtpSession session) {
        this.media = session;
    }

    /** Points the stream at what the peer's SDP says, starting it on first use. */
    void applyRemote(Sdp.Remote remote, boolean start) {
        remoteSdp = remote;
        remoteHold = remote.holdsUs();
        Codec codec = remote.preferredCodec();
        int dtmfPt = remote.telephoneEventPt() >= 0 ? remote.telephoneEventPt() : Sdp.DEFAULT_DTMF_PT;
        InetSocketAddress to = new InetSocketAddress(remote.address(), remote.port());
        if (start) {
            media.start(to, codec, dtmfPt);
        } else {
            media.update(to, codec, dtmfPt);
        }
        media.setSending(!localHold && !remoteHold);
    }

    String localSdp(String localIp, boolean offer, String direction) {
        long version = sdpVersion++;
        if (offer || remoteSdp == null) {
            return Sdp.offer(localIp, media.localPort(), sdpSessionId, version, direction);
        }
        return Sdp.answer(
                localIp,
                media.localPort(),
                sdpSessionId,
                version,
                remoteSdp.preferredCodec(),
                remoteSdp.telephoneEventPt(),
                direction);
    }

    void closeMedia() {
        RtpSession m = media;
        if (m != null) {
            m.close();
        }
    }

    @Override
    public String toString() {
        return "call " + id + " " + direction + " " + remoteNumber + " " + state;
    }
}
