package org.hotline.softphone.media;

/** A steady sine tone (or silence at amplitude 0): the headless phone's "voice". */
public final class ToneSource implements AudioSource {

    private final double step;
    private final double amplitude;
    private double phase;

    /** @param amplitude peak as a fraction of full scale, 0..1 */
    public ToneSource(double frequencyHz, double amplitude) {
        this.step = 2 * Math.PI * frequencyHz / Codec.CLOCK_RATE;
        this.amplitude = amplitude * Short.MAX_VALUE;
    }

    public static ToneSource silence() {
        return new ToneSource(0, 0);
    }

    @Override
    public void read(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
        }
        phase %= 2 * Math.PI; // keeps the double precise over hours of calls
    }
}
