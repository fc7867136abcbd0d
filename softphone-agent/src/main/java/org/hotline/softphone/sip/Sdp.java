package org.hotline.softphone.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hotline.softphone.media.Codec;

/**
 * The little SDP this phone needs (RFC 4566 / 3264): one audio stream, G.711 and
 * telephone-event. Written by hand rather than with javax.sdp because the whole grammar we use
 * fits on a page, and plain strings are easy to test and to read in a trace.
 */
public final class Sdp {

    /** Our preferred telephone-event payload type when we make the offer. */
    public static final int DEFAULT_DTMF_PT = 101;

    /** What we learned from the other side's SDP. */
    public record Remote(String address, int port, List<Integer> payloadTypes, int telephoneEventPt, String direction) {

        /** The first codec in the peer's order of preference that we support, or null. */
        public Codec preferredCodec() {
            for (int pt : payloadTypes) {
                Codec c = Codec.byPayloadType(pt);
                if (c != null) {
                    return c;
                }
            }
            return null;
        }

        /** True when the peer will not send to us: it put us on hold. */
        public boolean holdsUs() {
            return direction.equals("sendonly") || direction.equals("inactive") || address.equals("0.0.0.0");
        }
    }

    private Sdp() {}

    /** Our offer: both codecs, µ-law first (the default on Chinese and US PBXs alike). */
    public static String offer(String ip, int port, long sessionId, long version, String direction) {
        return build(ip, port, sessionId, version, List.of(Codec.PCMU, Codec.PCMA), DEFAULT_DTMF_PT, direction);
    }

    /** Our answer: only the chosen codec, and telephone-event if the offer had it. */
    public static String answer(
            String ip, int port, long sessionId, long version, Codec codec, int telephoneEventPt, String direction) {
        return build(ip, port, sessionId, version, List.of(codec), telephoneEventPt, direction);
    }

    /** The direction an answerer uses in reply to an offered direction (RFC 3264 6.1). */
    public static String answerDirection(String offered, boolean localHold) {
        return switch (offered) {
            case "sendonly" -> localHold ? "inactive" : "recvonly";
            case "recvonly" -> "sendonly";
            case "inactive" -> "inactive";
            default -> localHold ? "sendonly" : "sendrecv";
        };
    }

    private static String build(
            String ip, int port, long sessionId, long version, List<Codec> codecs, int dtmfPt, String direction) {
        StringBuilder m = new StringBuilder("m=audio ").append(port).append(" RTP/AVP");
        StringBuilder attrs = new StringBuilder();
        for (Codec c : codecs) {
            m.append(' ').append(c.payloadType());
            attrs.append("a=rtpmap:")
                    .append(c.payloadType())
                    .append(' ')
                    .append(c.name())
                    .append("/8000\r\n");
        }
        if (dtmfPt >= 0) {
            m.append(' ').append(dtmfPt);
            attrs.append("a=rtpmap:")
                    .append(dtmfPt)
                    .append(" telephone-event/8000\r\n")
                    .append("a=fmtp:")
                    .append(dtmfPt)
                    .append(" 0-16\r\n");
        }
        return "v=0\r\n"
                + "o=hotline " + sessionId + " " + version + " IN IP4 " + ip + "\r\n"
                + "s=hotline-softphone\r\n"
                + "c=IN IP4 " + ip + "\r\n"
                + "t=0 0\r\n"
                + m + "\r\n"
                + attrs
                + "a=ptime:20\r\n"
                + "a=" + direction + "\r\n";
    }

    /** Parses the first audio stream; throws IllegalArgumentException if there is none. */
    public static Remote parse(String sdp) {
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> pts = new ArrayList<>();
        int dtmfPt = -1;
        String direction = "sendrecv";
        boolean inAudio = false;
        boolean seenAudio = false;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                inAudio = !seenAudio && line.startsWith("m=audio ");
                if (inAudio) {
                    seenAudio = true;
                    String[] f = line.substring(2).split("\\s+");
                    port = Integer.parseInt(f[1].split("/")[0]);
                    for (int i = 3; i < f.length; i++) {
                        pts.add(Integer.parseInt(f[i]));
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] f = line.substring(2).split("\\s+");
                String addr = f[2].split("/")[0];
                if (inAudio) {
                    mediaAddress = addr;
                } else if (!seenAudio) {
                    sessionAddress = addr;
                }
            } else if (line.startsWith("a=") && (inAudio || !seenAudio)) {
                String a = line.substring(2);
                String lower = a.toLowerCase(Locale.ROOT);
                if (lower.startsWith("rtpmap:") && lower.contains("telephone-event/8000")) {
                    dtmfPt = Integer.parseInt(a.substring(7, a.indexOf(' ')).trim());
                } else if (lower.equals("sendonly")
                        || lower.equals("recvonly")
                        || lower.equals("inactive")
                        || lower.equals("sendrecv")) {
                    direction = lower;
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (!seenAudio || address == null) {
            throw new IllegalArgumentException("SDP has no audio stream with an address");
        }
        return new Remote(address, port, List.copyOf(pts), dtmfPt, direction);
    }
}
