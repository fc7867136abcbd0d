package org.hotline.cti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the text files an administrator writes (cti.yaml, departments.yaml, the calendar, the
 * roster, dialplans) as UTF-8, the one encoding of the project (Chinese end to end). A file that is
 * not UTF-8 is refused with where and what, in words an administrator acts on ({@code
 * departments.yaml is not UTF-8 text: byte 0xCB at line 3, column 12 (byte offset 57); it looks like
 * GBK/GB18030 — save it as UTF-8}), never Java's {@code MalformedInputException: Input length = 1};
 * and a file larger than its caller's limit is refused before it is read.
 */
public final class TextFiles {
    private static final Charset GB18030 = Charset.forName("GB18030");

    private TextFiles() {}

    /** A file refused for its size or encoding: the message is {@code file reason}. */
    public static final class Refused extends CtiException {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refused(ErrorId id, String file, String reason) {
            super(id, file + " " + reason);
            this.reason = reason;
        }

        /** What is wrong, without the file's name ({@code is not UTF-8 text: byte 0xCB at line 3…}). */
        public String reason() {
            return reason;
        }
    }

    /**
     * The file's text; a file over {@code maxBytes} is refused ({@code file-too-large}), so is one
     * that is not UTF-8 ({@code not-utf8}). A leading UTF-8 byte-order mark is dropped.
     *
     * @throws IOException the file cannot be read at all (missing, a folder, no permission)
     */
    public static String readUtf8(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new Refused(
                    ErrorId.FILE_TOO_LARGE,
                    file.toString(),
                    "is " + size(size) + ", over the limit of " + size(maxBytes) + " (is it the right file?)");
        }
        return decodeUtf8(file.toString(), Files.readAllBytes(file));
    }

    /** {@code bytes} (the content of {@code name}) as UTF-8 text, or {@code not-utf8} saying where it is not. */
    public static String decodeUtf8(String name, byte[] bytes) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L, (long) bytes.length + 1));
        CoderResult r = decoder.decode(in, out, true);
        if (r.isUnderflow()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw new Refused(ErrorId.NOT_UTF8, name, "is not UTF-8 text: " + where(bytes, in.position()));
        }
        return out.flip().toString();
    }

    /** The bad byte, its line and column (1-based, in bytes) and offset, and the encoding it may be in. */
    private static String where(byte[] bytes, int offset) {
        if (bytes.length >= 2
                && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                        || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            return "it is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String at = String.format(
                Locale.ROOT,
                "byte 0x%02X at line %d, column %d (byte offset %d)",
                bytes[offset] & 0xFF,
                line,
                offset - lineStart + 1,
                offset);
        return at + (looksLikeGb18030(bytes) ? "; it looks like GBK/GB18030 (a Chinese Windows encoding)" : "")
                + " — save the file as UTF-8";
    }

    private static boolean looksLikeGb18030(byte[] bytes) {
        try {
            GB18030.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return bytes + " bytes";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
