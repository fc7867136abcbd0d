package org.hotline.softphone.media;

/**
 * Measures what arrives: sample count and the RMS level of roughly the last second.
 * Tests and the headless mode use it to prove audio really flows, not just packets.
 */
public final class MeteringSink implements AudioSink {

    private static final int WINDOW = Codec.CLOCK_RATE; // one second of samples

    private final AudioSink next;
    private double sumSquares;
    private int count;
    private volatile double lastLevel = Double.NEGATIVE_INFINITY;
    private volatile long samples;

    /** @param next a sink to pass audio on to (a speaker), or null */
    public MeteringSink(AudioSink next) {
        this.next = next;
    }

    @Override
    public void write(short[] pcm) {
        for (short s : pcm) {
            sumSquares += (double) s * s;
            if (++count == WINDOW) {
                lastLevel = toDbfs(sumSquares, count);
                sumSquares = 0;
                count = 0;
            }
        }
        samples += pcm.length;
        if (next != null) {
            next.write(pcm);
        }
    }

    /** Level of the last full window, or of the partial one if no window completed yet. */
    @Override
    public double levelDbfs() {
        double level = lastLevel;
        if (level == Double.NEGATIVE_INFINITY && count > 0) {
            return toDbfs(sumSquares, count);
        }
        return level;
    }

    public long samples() {
        return samples;
    }

    private static double toDbfs(double sumSquares, int n) {
        double rms = Math.sqrt(sumSquares / n);
        return rms < 1 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(rms / Short.MAX_VALUE);
    }

    @Override
    public void close() {
        if (next != null) {
            next.close();
        }
    }
}
