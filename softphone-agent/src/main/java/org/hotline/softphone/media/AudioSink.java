package org.hotline.softphone.media;

/** Where received audio goes: a speaker, a meter, or both. */
public interface AudioSink extends AutoCloseable {

    /** Takes decoded 8 kHz 16-bit samples; called on the RTP receive thread, must not block. */
    void write(short[] samples);

    /** RMS level of recent audio in dBFS, or negative infinity if nothing measurable arrived. */
    default double levelDbfs() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    default void close() {}
}
