package org.hotline.softphone.media;

/** RFC 4733 telephone-event payload: digits and their event codes. */
public final class Dtmf {

    private static final String DIGITS = "0123456789*#ABCD";

    private Dtmf() {}

    public static boolean isDigit(char c) {
        return DIGITS.indexOf(Character.toUpperCase(c)) >= 0;
    }

    public static int eventCode(char digit) {
        int code = DIGITS.indexOf(Character.toUpperCase(digit));
        if (code < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        return code;
    }

    public static char digit(int eventCode) {
        return eventCode >= 0 && eventCode < DIGITS.length() ? DIGITS.charAt(eventCode) : '?';
    }

    /** Four-byte event payload: event, E bit + volume (10 = -10 dBm0), duration in samples. */
    public static byte[] payload(int event, boolean end, int duration) {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
    }
}
