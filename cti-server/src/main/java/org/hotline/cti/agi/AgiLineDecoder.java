package org.hotline.cti.agi;

import io.netty.handler.codec.LineBasedFrameDecoder;

/** Lines, as {@link LineBasedFrameDecoder}; also tells how many bytes of a line not yet ended it holds. */
final class AgiLineDecoder extends LineBasedFrameDecoder {
    AgiLineDecoder(int maxLineBytes) {
        super(maxLineBytes, true, true);
    }

    /** Bytes read but not yet passed on as a line (a line's beginning). */
    int pending() {
        return actualReadableBytes();
    }
}
