package org.hotline.softphone.media;

import java.nio.ByteBuffer;

/** An RTP packet (RFC 3550) without CSRCs or extensions on the way out; tolerant on the way in. */
public record RtpPacket(
        boolean marker,
        int payloadType,
        int sequence,
        long timestamp,
        long ssrc,
        byte[] payload,
        int payloadOffset,
        int payloadLength) {

    private static final int HEADER = 12;

    public static RtpPacket of(
            boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequence, timestamp, ssrc, payload, 0, payload.length);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payloadLength);
        b.put((byte) 0x80); // version 2, no padding/ext/CSRC
        b.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        b.putShort((short) sequence);
        b.putInt((int) timestamp);
        b.putInt((int) ssrc);
        b.put(payload, payloadOffset, payloadLength);
        return b.array();
    }

    /** Parses a datagram; returns null for anything that is not RTP version 2 (e.g. RTCP, STUN). */
    public static RtpPacket parse(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xC0) != 0x80) {
            return null;
        }
        int pt = data[1] & 0x7F;
        if (pt >= 72 && pt <= 76) {
            return null; // RTCP multiplexed on the port
        }
        int csrc = data[0] & 0x0F;
        int offset = HEADER + 4 * csrc;
        if ((data[0] & 0x10) != 0 && length >= offset + 4) { // header extension present
            int words = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            offset += 4 + 4 * words;
        }
        int end = length;
        if ((data[0] & 0x20) != 0) { // padding: last byte counts it
            end -= data[length - 1] & 0xFF;
        }
        if (offset > end) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        return new RtpPacket(
                (data[1] & 0x80) != 0,
                pt,
                b.getShort(2) & 0xFFFF,
                b.getInt(4) & 0xFFFFFFFFL,
                b.getInt(8) & 0xFFFFFFFFL,
                data,
                offset,
                end - offset);
    }
}
