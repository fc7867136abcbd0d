package org.hotline.cti.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /** Keys (and event names) seen on this connection; one thread, so no locking. */
    private final AmiStrings strings = new AmiStrings();
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
                return AmiMessage.empty();
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

    /**
     * One copy of the block's bytes, then fields found in that array: keys come from the
     * connection's small intern table, values stay as spans until read (see {@link AmiMessage}).
     * The {@code Event} and {@code Response} values, read for every message, are interned too.
     */
    private AmiMessage parseFields(ByteBuf in, int from, int blockEnd) {
        int len = blockEnd + 1 - from;
        byte[] raw = new byte[len];
        in.getBytes(from, raw, 0, len);
        String[] keys = new String[16];
        String[] values = new String[16];
        int[] spans = new int[32];
        int n = 0;
        int pos = 0;
        while (pos < len) {
            int lf = pos;
            while (lf < len && raw[lf] != '\n') {
                lf++;
            }
            int lineEnd = lf;
            if (lineEnd > pos && raw[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (lineEnd > pos) {
                if (n == keys.length) {
                    keys = Arrays.copyOf(keys, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                    spans = Arrays.copyOf(spans, n * 4);
                }
                int colon = pos;
                while (colon < lineEnd && raw[colon] != ':') {
                    colon++;
                }
                if (colon == lineEnd) {
                    // A line without a colon (rare: legacy command output): keep it whole.
                    keys[n] = "Output";
                    spans[2 * n] = pos;
                } else {
                    String key = strings.get(raw, pos, colon - pos);
                    keys[n] = key;
                    int v = colon + 1;
                    if (v < lineEnd && raw[v] == ' ') {
                        v++;
                    }
                    spans[2 * n] = v;
                    if (key == "Event" || key == "Response") { // interned: identity is enough
                        values[n] = strings.get(raw, v, lineEnd - v);
                    }
                }
                spans[2 * n + 1] = lineEnd;
                n++;
            }
            pos = lf + 1;
        }
        return new AmiMessage(keys, values, n, raw, spans);
    }

    private void checkSize(int pending) {
        if (pending > maxMessageBytes) {
            throw new TooLongFrameException("AMI message larger than " + maxMessageBytes
                    + " bytes without a terminating blank line");
        }
    }
}
