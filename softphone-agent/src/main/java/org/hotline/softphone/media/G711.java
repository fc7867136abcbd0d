package org.hotline.softphone.media;

/**
 * ITU-T G.711 µ-law and A-law, after the public-domain Sun reference (g711.c).
 *
 * <p>Decoding uses 256-entry tables built once from the reference expansion; encoding uses the
 * reference's segment search, which is cheap enough for 8,000 samples a second. Both match the
 * reference bit for bit over the whole 16-bit range (see G711Test). Linear samples are 16-bit
 * signed PCM.
 */
public final class G711 {

    private static final int BIAS = 0x84; // µ-law: bias added so segment 0 has a floor
    private static final int ULAW_CLIP = 8159; // µ-law: largest 14-bit magnitude before bias
    private static final int[] ULAW_SEGMENT_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int[] ALAW_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = expandUlaw(i);
            ALAW_TO_LINEAR[i] = expandAlaw(i);
        }
    }

    private G711() {}

    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static byte linearToUlaw(int pcm) {
        int value = pcm >> 2; // the reference works on 14-bit samples
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > ULAW_CLIP) {
            value = ULAW_CLIP;
        }
        value += BIAS >> 2;
        int seg = 0;
        while (seg < 8 && value > ULAW_SEGMENT_END[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        return (byte) (((seg << 4) | ((value >> (seg + 1)) & 0x0F)) ^ mask);
    }

    public static byte linearToAlaw(int pcm) {
        int value = pcm >> 3; // the reference works on 13-bit samples
        int mask;
        if (value >= 0) {
            mask = 0xD5; // sign bit set for positive, then even bits inverted
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int seg = 0;
        while (seg < 8 && value > ALAW_SEGMENT_END[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int mantissa = seg < 2 ? (value >> 1) & 0x0F : (value >> seg) & 0x0F;
        return (byte) (((seg << 4) | mantissa) ^ mask);
    }

    private static short expandUlaw(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
    }

    private static short expandAlaw(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else if (seg == 1) {
            t += 0x108;
        } else {
            t += 0x108;
            t <<= seg - 1;
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
