package org.hotline.softphone.media;

import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Microphone and speaker through javax.sound, when the machine has them. Servers and CI have
 * none (or only a headless stub), so every lookup may come back empty and callers fall back to
 * a tone source or to metering alone.
 */
public final class SoundDevices {

    private static final AudioFormat FORMAT = new AudioFormat(Codec.CLOCK_RATE, 16, 1, true, false);
    private static final int BUFFER_BYTES = Codec.SAMPLES_PER_FRAME * 2 * 8; // 160 ms

    private SoundDevices() {}

    public static Optional<AudioSource> microphone() {
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(FORMAT);
            line.open(FORMAT, BUFFER_BYTES);
            line.start();
            return Optional.of(new AudioSource() {
                private final byte[] buf = new byte[Codec.SAMPLES_PER_FRAME * 2];

                @Override
                public void read(short[] frame) {
                    // Take what is there; a short read (device late) leaves silence behind it.
                    int n = Math.min(line.available(), buf.length);
                    n -= n % 2;
                    int got = n > 0 ? line.read(buf, 0, n) : 0;
                    for (int i = 0; i < frame.length; i++) {
                        frame[i] = 2 * i + 1 < got ? (short) ((buf[2 * i] & 0xFF) | (buf[2 * i + 1] << 8)) : 0;
                    }
                }

                @Override
                public void close() {
                    line.close();
                }
            });
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    public static Optional<AudioSink> speaker() {
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT);
            line.open(FORMAT, BUFFER_BYTES);
            line.start();
            return Optional.of(new AudioSink() {
                @Override
                public void write(short[] samples) {
                    byte[] buf = new byte[samples.length * 2];
                    for (int i = 0; i < samples.length; i++) {
                        buf[2 * i] = (byte) samples[i];
                        buf[2 * i + 1] = (byte) (samples[i] >> 8);
                    }
                    // Drop rather than block the receive thread when the device lags.
                    int n = Math.min(line.available(), buf.length);
                    line.write(buf, 0, n - n % 2);
                }

                @Override
                public void close() {
                    line.close();
                }
            });
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
