package org.hotline.softphone.media;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/** Binds RTP on even ports within a configured range, with RTCP on the odd port above. */
public final class RtpPorts {

    /** The two sockets of one stream. */
    public record Bound(DatagramSocket rtp, DatagramChannel rtcp) {}

    private final InetAddress address;
    private final int min;
    private final int max;
    private int next;

    public RtpPorts(InetAddress address, int min, int max) {
        if (min < 1024 || max > 65535 || min + 1 > max) {
            throw new IllegalArgumentException(
                    "RTP port range must lie within 1024-65535 and " + "hold a pair: " + min + "-" + max);
        }
        this.address = address;
        this.min = min + (min & 1);
        this.max = max;
        this.next = this.min;
    }

    /** A socket pair on the next free even/odd ports; RTP gets the short receive timeout. */
    public synchronized Bound bind() {
        int span = (max - min + 1) / 2;
        for (int i = 0; i < span; i++) {
            int port = next;
            next = next + 3 > max ? min : next + 2;
            DatagramSocket rtp = null;
            DatagramChannel rtcp = null;
            try {
                rtp = new DatagramSocket(null);
                rtp.bind(new InetSocketAddress(address, port));
                RtpSession.setReceiveTimeout(rtp);
                rtcp = DatagramChannel.open();
                rtcp.bind(new InetSocketAddress(address, port + 1));
                rtcp.configureBlocking(false);
                return new Bound(rtp, rtcp);
            } catch (IOException busy) {
                close(rtp, rtcp);
            }
        }
        throw new IllegalStateException("no free RTP port pair in " + min + "-" + max);
    }

    private static void close(DatagramSocket rtp, DatagramChannel rtcp) {
        if (rtp != null) {
            rtp.close();
        }
        try {
            if (rtcp != null) {
                rtcp.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
    }
}
