package org.hotline.cti.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the AMI byte stream into {@link AmiGreeting} (the first line) and {@link AmiMessage}s
 * (blocks of {@code Key: Value} lines ended by a blank line). Accepts CRLF and bare LF.
 * A block larger than {@code maxMessageBytes} without its blank line closes the connection with
 * a {@link TooLongFrameException}: a broken peer must not make us buffer without bound.
 */
public final class AmiDecoder extends ByteToMessageDecoder {
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

    private final int maxMessageBytes;
    private boolean greetingSeen;
    /** Where to resume looking for the end of the current block, so a slow block is scanned once. */
    private int scanOffset;

    public AmiDecoder() {
        this(DEFAULT_MAX_MESSAGE_BYTES);
    }

    public AmiDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!greetingSeen) {
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                checkSize(in.readableBytes());
                return;
            }
            String line = in.toString(in.readerIndex(), lf - in.readerIndex(), StandardCharsets.UTF_8).strip();
            in.readerIndex(lf + 1);
            greetingSeen = true;
            out.add(new AmiGreeting(line));
        }
        while (in.isReadable()) {
            AmiMessage m = decodeBlock(in);
            if (m == null) {
                return;
            }
            if (m.size() > 0) {
                out.add(m);
            }
        }
    }

    /** Decodes one block if it is complete, else returns null and leaves the buffer untouched. */
    private AmiMessage decodeBlock(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int pos = Math.max(start, start + scanOffset);
        // Find an empty line: LF followed by (CR) LF, or a block that is nothing but (CR) LF.
        int blockEnd = -1;
        int afterEnd = -1;
        if (pos == start) {
            int e = lineEnd(in, start, end);
            if (e == start) {
                in.readerIndex(start + (in.getByte(start) == '\r' ? 2 : 1));
                return new AmiMessage(new String[0], new String[0]);
            }
        }
        while (pos < end) {
            int lf = in.forEachByte(pos, end - pos, ByteProcessor.FIND_LF);
            if (lf < 0) {
                break;
            }
            int next = lf + 1;
            if (next < end && in.getByte(next) == '\n') {
                blockEnd = lf;
                afterEnd = next + 1;
                break;
            }
            if (next + 1 < end && in.getByte(next) == '\r' && in.getByte(next + 1) == '\n') {
                blockEnd = lf;
                afterEnd = next + 2;
                break;
            }
            if (next + 1 >= end) {
                // Not enough bytes to tell whether a blank line follows: resume here next time.
                pos = lf;
                break;
            }
            pos = next;
        }
        if (blockEnd < 0) {
            scanOffset = Math.max(0, pos - start);
            checkSize(end - start);
            return null;
        }
        scanOffset = 0;
        AmiMessage m = parseFields(in, start, blockEnd);
        in.readerIndex(afterEnd);
        return m;
    }

    /** Index of the CR or LF that ends the line starting at {@code from}, or -1. */
    private static int lineEnd(ByteBuf in, int from, int end) {
        int lf = in.forEachByte(from, end - from, ByteProcessor.FIND_LF);
        if (lf < 0) {
            return -1;
        }
        return lf > from && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    }

    private static AmiMessage parseFields(ByteBuf in, int from, int blockEnd) {
        List<String> keys = new ArrayList<>(16);
        List<String> values = new ArrayList<>(16);
        int pos = from;
        while (pos <= blockEnd) {
            int lf = in.forEachByte(pos, blockEnd + 1 - pos, ByteProcessor.FIND_LF);
            int lineEndExcl = lf < 0 ? blockEnd + 1 : lf;
            if (lineEndExcl > pos && in.getByte(lineEndExcl - 1) == '\r') {
                lineEndExcl--;
            }
            if (lineEndExcl > pos) {
                int colon = in.forEachByte(pos, lineEndExcl - pos, b -> b != ':');
                if (colon < 0) {
                    // A line without a colon (rare: legacy command output): keep it whole.
                    keys.add("Output");
                    values.add(in.toString(pos, lineEndExcl - pos, StandardCharsets.UTF_8));
                } else {
                    keys.add(in.toString(pos, colon - pos, StandardCharsets.US_ASCII));
                    int v = colon + 1;
                    if (v < lineEndExcl && in.getByte(v) == ' ') {
                        v++;
                    }
                    values.add(in.toString(v, lineEndExcl - v, StandardCharsets.UTF_8));
                }
            }
            if (lf < 0) {
                break;
            }
            pos = lf + 1;
        }
        return new AmiMessage(keys.toArray(new String[0]), values.toArray(new String[0]));
    }

    private void checkSize(int pending) {
        if (pending > maxMessageBytes) {
            throw new TooLongFrameException("AMI message larger than " + maxMessageBytes
                    + " bytes without a terminating blank line");
        }
    }
}
