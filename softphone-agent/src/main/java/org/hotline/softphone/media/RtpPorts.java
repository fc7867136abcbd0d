package org.hotline.softphone.media;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** Binds RTP sockets on even ports within a configured range (odd ports are left for RTCP). */
public final class RtpPorts {

    private final InetAddress address;
    private final int min;
    private final int max;
    private int next;

    public RtpPorts(InetAddress address, int min, int max) {
        if (min < 1024 || max > 65534 || min > max) {
            throw new IllegalArgumentException("RTP port range must lie within 1024-65534: "
                    + min + "-" + max);
        }
        this.address = address;
        this.min = min + (min & 1);
        this.max = max;
        this.next = this.min;
    }

    /** A socket on the next free even port, with the short receive timeout RtpSession needs. */
    public synchronized DatagramSocket bind() {
        int span = (max - min) / 2 + 1;
        for (int i = 0; i < span; i++) {
            int port = next;
            next = next + 2 > max ? min : next + 2;
            DatagramSocket s = null;
            try {
                s = new DatagramSocket(null);
                s.bind(new InetSocketAddress(address, port));
                RtpSession.setReceiveTimeout(s);
                return s;
            } catch (SocketException busy) {
                if (s != null) {
                    s.close();
                }
            }
        }
        throw new IllegalStateException("no free RTP port in " + min + "-" + max);
    }
}
