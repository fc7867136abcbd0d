package org.hotline.cti.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The audio the end-to-end run's phones send with {@code --voice}: raw G.711 u-law (PCMU, 8 kHz,
 * what sipp's rtp_stream plays as payload 0), written at run time so that no binary is kept in
 * the repository. The source is the sandbox's own Mandarin greeting (3.6 s, generated from
 * config/asterisk/sounds/hotline/prompts.txt when the sandbox starts), converted by the JDK's
 * u-law codec; a 425 Hz tone when that prompt is missing. Asterisk relays G.711 without looking
 * into it, so what is said changes nothing in the CPU measured: only that packets flow.
 */
final class VoiceFile {
    static final String GREETING = "usr/share/asterisk/sounds/hotline/greeting.wav";
    private static final AudioFormat PCM = new AudioFormat(8000f, 16, 1, true, false);

    private VoiceFile() {}

    static Path write(Path chroot, Path out) throws IOException {
        Path wav = chroot.resolve(GREETING);
        byte[] ulaw;
        String from;
        if (Files.isRegularFile(wav)) {
            ulaw = fromWav(wav);
            from = wav.toString();
        } else {
            ulaw = tone();
            from = "a 425 Hz tone (" + wav + " not found)";
        }
        Files.write(out, ulaw);
        System.out.printf("voice: %d bytes of u-law (%.1f s) from %s%n", ulaw.length, ulaw.length / 8000.0, from);
        return out;
    }

    private static byte[] fromWav(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile());
                AudioInputStream pcm = AudioSystem.getAudioInputStream(PCM, in);
                AudioInputStream mu = AudioSystem.getAudioInputStream(AudioFormat.Encoding.ULAW, pcm)) {
            return mu.readAllBytes();
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IOException("cannot convert " + wav + " to 8 kHz u-law: " + e.getMessage(), e);
        }
    }

    /** Two seconds of a 425 Hz tone at -10 dBFS, as 8 kHz u-law. */
    private static byte[] tone() throws IOException {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        for (int i = 0; i < 16_000; i++) {
            int v = (int) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 425 * i / 8000.0));
            pcm.write(v & 0xff);
            pcm.write((v >> 8) & 0xff);
        }
        byte[] bytes = pcm.toByteArray();
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(bytes), PCM, 16_000);
                AudioInputStream mu = AudioSystem.getAudioInputStream(AudioFormat.Encoding.ULAW, in)) {
            return mu.readAllBytes();
        }
    }
}
