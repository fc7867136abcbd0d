package org.hotline.cti.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Writes an {@link AmiMessage} (an action) as CRLF-terminated {@code Key: Value} lines and a blank line. */
@ChannelHandler.Sharable
public final class AmiEncoder extends MessageToByteEncoder<AmiMessage> {
    @Override
    protected void encode(ChannelHandlerContext ctx, AmiMessage msg, ByteBuf out) {
        for (int i = 0; i < msg.size(); i++) {
            String value = msg.value(i);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                // A newline would let a value inject its own fields into the action.
                throw new IllegalArgumentException("AMI field " + msg.key(i) + " contains a line break");
            }
            out.writeCharSequence(msg.key(i), StandardCharsets.US_ASCII);
            out.writeCharSequence(": ", StandardCharsets.US_ASCII);
            out.writeCharSequence(value, StandardCharsets.UTF_8);
            out.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
        }
        out.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
    }
}
