package org.hotline.softphone.media;

/** The narrow-band codecs this phone speaks, with their static RTP payload types (RFC 3551). */
public enum Codec {
    PCMU(0),
    PCMA(8);

    /** 20 ms at 8 kHz: the packet size every SIP peer we meet expects by default. */
    public static final int SAMPLES_PER_FRAME = 160;

    public static final int CLOCK_RATE = 8000;

    private final int payloadType;

    Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    public static Codec byPayloadType(int pt) {
        for (Codec c : values()) {
            if (c.payloadType == pt) {
                return c;
            }
        }
        return null;
    }

    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = this == PCMU ? G711.linearToUlaw(pcm[i]) : G711.linearToAlaw(pcm[i]);
        }
        return out;
    }

    public short[] decode(byte[] data, int offset, int length) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            byte b = data[offset + i];
            out[i] = this == PCMU ? G711.ulawToLinear(b) : G711.alawToLinear(b);
        }
        return out;
    }
}
