package org.hotline.softphone.phone;

/**
 * Media counters of a call.
 *
 * @param codec          negotiated codec name (PCMU, PCMA) or empty before negotiation
 * @param receivedLevelDbfs RMS level of the last received second of audio in dBFS; -inf for silence
 */
public record MediaStats(
        String codec,
        long packetsSent,
        long bytesSent,
        long packetsReceived,
        long bytesReceived,
        double receivedLevelDbfs) {

    public static final MediaStats NONE = new MediaStats("", 0, 0, 0, 0, Double.NEGATIVE_INFINITY);
}
