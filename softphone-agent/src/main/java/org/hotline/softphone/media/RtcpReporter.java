package org.hotline.softphone.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * RTCP for one stream (RFC 3550 section 6): a compound sender report + SDES CNAME on the odd
 * port next to RTP, sent by {@link RtpSession}'s timer. Peers and monitoring use it for
 * round-trip time and loss; we read nothing from what arrives beyond counting it, so the
 * non-blocking channel is simply drained on each tick.
 */
final class RtcpReporter implements AutoCloseable {

    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L; // 1900-01-01 to 1970-01-01

    private final DatagramChannel channel;
    private final long ssrc;
    private final byte[] cname;
    private final ByteBuffer drain = ByteBuffer.allocate(1500);
    private volatile long received; // written by the timer thread, read by anyone

    RtcpReporter(DatagramChannel channel, long ssrc, String cname) {
        this.channel = channel;
        this.ssrc = ssrc;
        this.cname = cname.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one report to {@code rtcpRemote}; also counts what arrived since the last tick. */
    void tick(InetSocketAddress rtcpRemote, long rtpTimestamp, long packets, long octets, Instant now) {
        try {
            drain.clear();
            while (channel.receive(drain) != null) {
                received++;
                drain.clear();
            }
            channel.send(ByteBuffer.wrap(senderReport(ssrc, now, rtpTimestamp, packets, octets, cname)), rtcpRemote);
        } catch (IOException e) {
            // RTCP is best effort: a lost report costs nothing but a statistic
        }
    }

    long received() {
        return received;
    }

    /** A compound SR (no report blocks) followed by SDES with one CNAME item. */
    static byte[] senderReport(long ssrc, Instant now, long rtpTimestamp, long packets, long octets, byte[] cname) {
        int sdesChunk = 4 + 2 + cname.length + 1; // SSRC, type+len, text, END
        int sdesPadded = (sdesChunk + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(28 + 4 + sdesPadded);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6); // SR, 7 words
        b.putInt((int) ssrc);
        long seconds = now.getEpochSecond() + NTP_EPOCH_OFFSET;
        long fraction = ((long) now.getNano() << 32) / 1_000_000_000L;
        b.putInt((int) seconds).putInt((int) fraction);
        b.putInt((int) rtpTimestamp).putInt((int) packets).putInt((int) octets);
        b.put((byte) 0x81).put((byte) 202).putShort((short) (sdesPadded / 4)); // SDES, 1 chunk
        b.putInt((int) ssrc);
        b.put((byte) 1).put((byte) cname.length).put(cname);
        // the END item and padding are the zero bytes ByteBuffer.allocate already holds
        return b.array();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
