package org.hotline.cti.domain.transfer;

/**
 * How far the specialist's leg of a ringing transfer has come, as the agent's {@code
 * transfer.progress} push says it in {@code leg} ({@link #wireName()}: {@code ringing}, {@code
 * answered}); joining the conference is the attempt's own {@code connected} (R1).
 */
public enum LegProgress {
    RINGING("ringing"),
    ANSWERED("answered");

    private final String wireName;

    LegProgress(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
