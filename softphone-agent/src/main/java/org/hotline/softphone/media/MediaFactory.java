package org.hotline.softphone.media;

import java.net.InetAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes one {@link RtpSession} per call with the configured audio: the sound card when asked
 * for and present, else a tone (so a headless phone's far end hears something measurable).
 * Every session's received audio passes through a {@link MeteringSink} for the level counter.
 */
public final class MediaFactory {

    /** Where audio comes from and goes to. */
    public enum AudioMode {
        DEVICE,
        TONE,
        SILENCE
    }

    private final RtpPorts ports;
    private final Supplier<AudioSource> sources;
    private final Supplier<AudioSink> speakers;

    public MediaFactory(RtpPorts ports, Supplier<AudioSource> sources, Supplier<AudioSink> speakers) {
        this.ports = ports;
        this.sources = sources;
        this.speakers = speakers;
    }

    public static MediaFactory create(InetAddress address, int portMin, int portMax, AudioMode mode) {
        RtpPorts ports = new RtpPorts(address, portMin, portMax);
        return switch (mode) {
            case SILENCE -> new MediaFactory(ports, ToneSource::silence, () -> null);
            case TONE -> new MediaFactory(ports, () -> new ToneSource(440, 0.25), () -> null);
            case DEVICE ->
                new MediaFactory(
                        ports,
                        () -> SoundDevices.microphone().orElseGet(() -> new ToneSource(440, 0.25)),
                        () -> SoundDevices.speaker().orElse(null));
        };
    }

    public RtpSession open(Consumer<Character> dtmfListener) {
        return new RtpSession(ports.bind(), sources.get(), new MeteringSink(speakers.get()), dtmfListener);
    }
}
