package org.hotline.cti.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One CEL event as {@code cel_custom} writes it with config/asterisk/cel_custom.conf's mapping:
 * eventtype, eventtime, cid_num, cid_name, dnid, exten, context, channame, appname, appdata,
 * uniqueid, linkedid, peer, extra. For a CELGenUserEvent the type is the user event's name.
 */
record CelLine(
        String type,
        Instant at,
        String callerNum,
        String exten,
        String context,
        String channel,
        String app,
        String appData,
        String uniqueId,
        String linkedId,
        String peer,
        String extra) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /** Parses one CSV line; null when it is not a CEL line of our mapping. */
    static CelLine parse(String line) {
        List<String> f = csv(line);
        if (f.size() < 14) {
            return null;
        }
        Instant at = time(f.get(1));
        if (at == null) {
            return null;
        }
        return new CelLine(
                f.get(0), at, f.get(2), f.get(5), f.get(6), f.get(7), f.get(8), f.get(9), f.get(10), f.get(11),
                f.get(12), f.get(13));
    }

    /** Epoch seconds (cel.conf without dateformat), else "%F %T" taken as UTC (the sandbox's zone). */
    static Instant time(String s) {
        String t = s.trim();
        try {
            if (t.matches("\\d+(\\.\\d+)?")) {
                BigDecimal micros = new BigDecimal(t).movePointRight(6);
                return Instant.EPOCH.plusNanos(micros.longValue() * 1000);
            }
            return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** A field of the JSON in {@code extra} (hangupcause, extra…), or "" when absent. */
    String extraField(String name) {
        if (extra.isEmpty() || extra.charAt(0) != '{') {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(extra).get(name);
            return n == null || n.isNull() ? "" : n.asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** RFC 4180 fields: quoted with doubled quotes inside, as CSV_QUOTE writes them. */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
