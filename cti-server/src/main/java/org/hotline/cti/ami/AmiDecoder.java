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
     * One copy of the block's bytes, then fields cut at the line ends the scan noted: keys and
     * values stay as spans until read (see {@link AmiMessage}). The {@code Event} and
     * {@code Response} keys and values, read for every message, are built here, interned (the
     * values through the connection's small intern table), so the translator's literals match
     * them by identity. A key with a non-ASCII byte (never sent by Asterisk) is built here too,
     * so that lookups of ASCII literals can compare bytes.
     */
    private AmiMessage parseFields(ByteBuf in, int from, int blockEnd) {
        int len = blockEnd + 1 - from;
        byte[] raw = new byte[len];
        in.getBytes(from, raw, 0, len);
        int n = lines;
        String[] keys = new String[n];
        String[] values = new String[n];
        int[] spans = new int[4 * n];
        int fields = 0;
        int pos = 0;
        for (int l = 0; l < n; l++) {
            int lf = lineEnds[l];
            int lineEnd = lf > pos && raw[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd > pos) {
                int s = 4 * fields;
                int colon = pos;
                int bits = 0;
                byte b;
                while (colon < lineEnd && (b = raw[colon]) != ':') {
                    bits |= b;
                    colon++;
                }
                if (colon == lineEnd) {
                    // A line without a colon (rare: legacy command output): keep it whole.
                    keys[fields] = "Output";
                    spans[s + 2] = pos;
                } else {
                    spans[s] = pos;
                    spans[s + 1] = colon;
                    int v = colon + 1;
                    if (v < lineEnd && raw[v] == ' ') {
                        v++;
                    }
                    spans[s + 2] = v;
                    int keyLen = colon - pos;
                    if (bits < 0) {
                        keys[fields] = new String(raw, pos, keyLen, StandardCharsets.UTF_8);
                    } else if (is(raw, pos, keyLen, EVENT)) {
                        keys[fields] = "Event";
                        values[fields] = strings.get(raw, v, lineEnd - v);
                    } else if (is(raw, pos, keyLen, RESPONSE)) {
                        keys[fields] = "Response";
                        values[fields] = strings.get(raw, v, lineEnd - v);
                    }
                }
                spans[s + 3] = lineEnd;
                fields++;
            }
            pos = lf + 1;
        }
        return new AmiMessage(keys, values, fields, raw, spans);
    }

    private static final byte[] EVENT = "Event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = "Response".getBytes(StandardCharsets.US_ASCII);

    /** Whether {@code raw[from, from+len)} is exactly {@code word} (case as sent, as the intern table matched). */
    private static boolean is(byte[] raw, int from, int len, byte[] word) {
        if (len != word.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (raw[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    private void checkSize(int pending) {
        if (pending > maxMessageBytes) {
            throw new TooLongFrameException(
                    "AMI message larger than " + maxMessageBytes + " bytes without a terminating blank line");
        }
    }
}
