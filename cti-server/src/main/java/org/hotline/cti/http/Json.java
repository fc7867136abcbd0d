package org.hotline.cti.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallState;

/** The one JSON mapper: UTF-8, ISO-8601 instants, unknown fields refused in requests. */
public final class Json {
    /** Requests nest a few levels at most; deeper is an attack on the parser's stack, not a request. */
    public static final int MAX_NESTING = 32;
    /** Longer numbers than this are refused before Jackson turns them into BigIntegers. */
    public static final int MAX_NUMBER_CHARS = 40;
    /** Matches the HTTP body cap: no single string can be larger than the request it came in. */
    public static final int MAX_STRING_CHARS = 1024 * 1024;

    public static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxStringLength(MAX_STRING_CHARS)
                            .build())
                    .build())
            .registerModule(new JavaTimeModule())
            .registerModule(wireNames())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /**
     * Writes to bytes as {@link #text} writes to a String: Jackson's byte writer would escape a
     * character outside the BMP (an emoji in a caller's note) as {@code \\uD83D\\uDE00}, where the
     * String writer leaves it as is; the pushes' bytes stay what they were (AgentPushTest).
     */
    private static final com.fasterxml.jackson.databind.ObjectWriter AS_TEXT_IN_UTF8 =
            MAPPER.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    /** Domain enums go out by their wire names (after-hours, answered…), not Java constant names. */
    private static SimpleModule wireNames() {
        SimpleModule m = new SimpleModule("wire-names");
        m.addSerializer(CallOutcome.class, new StdSerializer<>(CallOutcome.class) {
            @Override
            public void serialize(CallOutcome v, JsonGenerator g, SerializerProvider p) throws java.io.IOException {
                g.writeString(v.wireName());
            }
        });
        m.addSerializer(CallState.class, new StdSerializer<>(CallState.class) {
            @Override
            public void serialize(CallState v, JsonGenerator g, SerializerProvider p) throws java.io.IOException {
                g.writeString(v.wireName());
            }
        });
        return m;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Appends {@code value} as UTF-8 JSON to {@code out}, with no String in between: the same
     * bytes as {@link #text} encoded in UTF-8 (a push is encoded once and sent to every recipient).
     */
    public static void write(io.netty.buffer.ByteBuf out, Object value) {
        try {
            AS_TEXT_IN_UTF8.writeValue((java.io.OutputStream) new io.netty.buffer.ByteBufOutputStream(out), value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@link #text}'s bytes in UTF-8, without the String (unlike {@link #bytes}, which escapes emoji). */
    public static byte[] utf8(Object value) {
        try {
            return AS_TEXT_IN_UTF8.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a request body; malformed JSON is a 400 {@code malformed-json} naming where it broke. */
    public static JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw new CtiException(ErrorId.MALFORMED_JSON, "request body is empty; expected a JSON object");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            // Issue 11 item 9: 1,000-deep nesting or a 1,200-digit number was a 500 with a stack trace.
            throw new CtiException(
                    ErrorId.JSON_TOO_COMPLEX,
                    "JSON refused: nesting deeper than " + MAX_NESTING
                            + " levels, a number longer than " + MAX_NUMBER_CHARS
                            + " characters or a string longer than "
                            + MAX_STRING_CHARS + " characters");
        } catch (JsonProcessingException e) {
            // Some parse errors carry no location (the old code dereferenced it and answered 500).
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            if (String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) {
                // A dialplan or KB text pasted from a GBK editor: say so, not just "malformed".
                throw new CtiException(
                        ErrorId.NOT_UTF8,
                        "request body is not UTF-8 text" + where + " (" + e.getOriginalMessage()
                                + "); JSON is sent as UTF-8: convert the text (e.g. from GBK) first");
            }
            throw new CtiException(
                    ErrorId.MALFORMED_JSON,
                    "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": " + e.getOriginalMessage());
        } catch (java.io.IOException | RuntimeException e) {
            throw new CtiException(
                    ErrorId.MALFORMED_JSON, "unreadable body: " + e.getClass().getSimpleName());
        }
        // Checked outside the try: the catch-all above turned this very refusal into "unreadable
        // body: CtiException", which named a class instead of what was wrong.
        if (n == null || !n.isObject()) {
            throw new CtiException(
                    ErrorId.MALFORMED_JSON, "expected a JSON object, got " + (n == null ? "nothing" : kind(n)));
        }
        return n;
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A required text field of a request object. */
    public static String requiredText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new CtiException(
                    ErrorId.MISSING_FIELD, "field '" + field + "' is required and must be a non-empty string");
        }
        return v.asText();
    }
}
