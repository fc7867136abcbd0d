package org.hotline.softphone.media;

/** Where outgoing audio comes from: a microphone, a tone, silence. */
public interface AudioSource extends AutoCloseable {

    /** Fills {@code frame} with the next 20 ms of 8 kHz 16-bit samples; never blocks for long. */
    void read(short[] frame);

    @Override
    default void close() {}
}
