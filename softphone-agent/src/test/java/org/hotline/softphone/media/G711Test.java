package org.hotline.softphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known values and whole-table fingerprints. The reference is the Sun g711.c that CPython's
 * audioop wraps: the SHA-256 values are of audioop.lin2ulaw/lin2alaw over every 16-bit sample
 * (-32768..32767, one byte each) and of ulaw2lin/alaw2lin over codes 0..255 (16-bit LE).
 */
class G711Test {

    @Test
    void encodesKnownSamples() {
        int[] linear = {0, -1, 100, -100, 1000, -1000, 8000, -8000, 32767, -32768};
        int[] ulaw = {0xFF, 0x7E, 0xF2, 0x72, 0xCE, 0x4E, 0xA0, 0x20, 0x80, 0x00};
        int[] alaw = {0xD5, 0x55, 0xD3, 0x53, 0xFA, 0x7A, 0x8A, 0x0A, 0xAA, 0x2A};
        for (int i = 0; i < linear.length; i++) {
            assertThat(G711.linearToUlaw(linear[i]) & 0xFF)
                    .as("µ-law of %d", linear[i])
                    .isEqualTo(ulaw[i]);
            assertThat(G711.linearToAlaw(linear[i]) & 0xFF)
                    .as("A-law of %d", linear[i])
                    .isEqualTo(alaw[i]);
        }
    }

    @Test
    void decodesKnownCodes() {
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x55)).isEqualTo((short) -716);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
    }

    @Test
    void wholeTablesMatchTheReference() throws Exception {
        byte[] ulaw = new byte[65536];
        byte[] alaw = new byte[65536];
        for (int v = -32768; v < 32768; v++) {
            ulaw[v + 32768] = G711.linearToUlaw(v);
            alaw[v + 32768] = G711.linearToAlaw(v);
        }
        ByteBuffer ulawDec = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer alawDec = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < 256; c++) {
            ulawDec.putShort(G711.ulawToLinear((byte) c));
            alawDec.putShort(G711.alawToLinear((byte) c));
        }
        assertThat(sha256(ulaw)).isEqualTo("81d633c9e6972a18c74a58720b96cb8ca0bdd096d4060b646dd708c3b846019a");
        assertThat(sha256(alaw)).isEqualTo("38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b");
        assertThat(sha256(ulawDec.array()))
                .isEqualTo("3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827");
        assertThat(sha256(alawDec.array()))
                .isEqualTo("e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174");
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).isEqualTo(code);
            // µ-law has two zeros (0x7F and 0xFF); both decode to 0, which encodes as 0xFF.
            byte expected = c == 0x7F ? (byte) 0xFF : code;
            assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).isEqualTo(expected);
        }
    }

    @Test
    void codecRoundTripKeepsAToneWithinQuantisationError() {
        short[] tone = new short[160];
        new ToneSource(440, 0.5).read(tone);
        for (Codec codec : Codec.values()) {
            byte[] encoded = codec.encode(tone);
            short[] decoded = codec.decode(encoded, 0, encoded.length);
            for (int i = 0; i < tone.length; i++) {
                // G.711 keeps about 3% relative error at these amplitudes (+ a small floor)
                assertThat(Math.abs(decoded[i] - tone[i])).isLessThanOrEqualTo(Math.abs(tone[i]) / 16 + 16);
            }
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
