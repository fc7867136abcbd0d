package org.hotline.cti.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
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
    /** Offsets (from the block's start) of the LF ending each line of the current block so far. */
    private int[] lineEnds = new int[32];

    private int lines;

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
            String line = in.toString(in.readerIndex(), lf - in.readerIndex(), StandardCharsets.UTF_8)
                    .strip();
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

    /**
     * Decodes one block if it is complete, else returns null and leaves the buffer untouched.
     * The scan for the blank line ({@code indexOf}, 8 bytes at a time) notes where each line
     * ends, so the fields are then cut without looking at the bytes again.
     */
    private AmiMessage decodeBlock(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int pos = start + scanOffset;
        if (scanOffset == 0) {
            lines = 0;
            // A block that is nothing but (CR) LF: an empty message, skipped by the caller.
            byte first = in.getByte(start);
            if (first == '\n') {
                in.readerIndex(start + 1);
                return AmiMessage.empty();
            }
            if (first == '\r' && start + 1 < end && in.getByte(start + 1) == '\n') {
                in.readerIndex(start + 2);
                return AmiMessage.empty();
            }
        }
        // Find an empty line: LF followed by (CR) LF.
        int blockEnd = -1;
        int afterEnd = -1;
        while (pos < end) {
            int lf = in.indexOf(pos, end, (byte) '\n');
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
            noteLineEnd(lf - start);
            pos = next;
        }
        if (blockEnd < 0) {
            scanOffset = pos - start;
            checkSize(end - start);
            return null;
        }
        scanOffset = 0;
        noteLineEnd(blockEnd - start);
        AmiMessage m = parseFields(in, start, blockEnd);
        in.readerIndex(afterEnd);
        return m;
    }

    private void noteLineEnd(int offset) {
        if (lines == lineEnds.length) {
            lineEnds = Arrays.copyOf(lineEnds, lines * 2);
        }
        lineEnds[lines++] = offset;
    }

    /**
     * One copy of the block's bytes, then fields cut at the line ends the scan noted: keys come
     * from the connection's small intern table, values stay as spans until read (see
     * {@link AmiMessage}). The {@code Event} and {@code Response} values, read for every
     * message, are interned too.
     */
    private AmiMessage parseFields(ByteBuf in, int from, int blockEnd) {
        int len = blockEnd + 1 - from;
        byte[] raw = new byte[len];
        in.getBytes(from, raw, 0, len);
        int n = lines;
        String[] keys = new String[n];
        String[] values = new String[n];
        int[] spans = new int[2 * n];
        int fields = 0;
        int pos = 0;
        for (int l = 0; l < n; l++) {
            int lf = lineEnds[l];
            int lineEnd = lf > pos && raw[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd > pos) {
                int colon = pos;
                while (colon < lineEnd && raw[colon] != ':') {
                    colon++;
                }
                if (colon == lineEnd) {
                    // A line without a colon (rare: legacy command output): keep it whole.
                    keys[fields] = "Output";
                    spans[2 * fields] = pos;
                } else {
                    String key = strings.get(raw, pos, colon - pos);
                    keys[fields] = key;
                    int v = colon + 1;
                    if (v < lineEnd && raw[v] == ' ') {
                        v++;
                    }
                    spans[2 * fields] = v;
                    if (key == "Event" || key == "Response") { // interned: identity is enough
                        values[fields] = strings.get(raw, v, lineEnd - v);
                    }
                }
                spans[2 * fields + 1] = lineEnd;
                fields++;
            }
            pos = lf + 1;
        }
        return new AmiMessage(keys, values, fields, raw, spans);
    }

    private void checkSize(int pending) {
        if (pending > maxMessageBytes) {
            throw new TooLongFrameException(
                    "AMI message larger than " + maxMessageBytes + " bytes without a terminating blank line");
        }
    }
}
