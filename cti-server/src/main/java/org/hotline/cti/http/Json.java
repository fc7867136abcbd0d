package org.hotline.cti.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.hotline.cti.domain.call.CallOutcome;
import org.hotline.cti.domain.call.CallState;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.hotline.cti.CtiException;

/** The one JSON mapper: UTF-8, ISO-8601 instants, unknown fields refused in requests. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(wireNames())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

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
            throw new CtiException("malformed-json", "request body is empty; expected a JSON object");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new CtiException("malformed-json", "expected a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new CtiException("malformed-json", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new CtiException("malformed-json", "unreadable body: " + e.getMessage());
        }
    }

    /** A required text field of a request object. */
    public static String requiredText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new CtiException("missing-field", "field '" + field + "' is required and must be a non-empty string");
        }
        return v.asText();
    }
}
