package org.hotline.cti.domain.rotation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * R5 policy push: a department's list of target market entities, uploaded as CSV (as Excel or WPS
 * saves it: "CSV UTF-8", with or without the byte-order mark; RFC 4180 quoting, CRLF or LF). The
 * header names the columns, in Chinese or English, in any order: 名称 (name), 统一社会信用代码
 * (creditCode), 电话 (phone), 联系人 (contact, optional).
 *
 * <p>Every row is checked and every bad one reported with its row number as a spreadsheet shows it
 * (the header is row 1) and the reason; the caller stores the list only when no row is bad (one
 * wrong phone number is fixed in the file and the file sent again, rather than half a list pushed
 * and the rest forgotten).
 */
public final class TargetList {
    /** More than this many targets is not a session's work (R5's target is 50). */
    public static final int MAX_TARGETS = 5000;
    /** Reported rows are cut here; the count says how many more. */
    public static final int MAX_REPORTED = 100;

    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("名称", "name"),
            Map.entry("企业名称", "name"),
            Map.entry("主体名称", "name"),
            Map.entry("市场主体名称", "name"),
            Map.entry("单位名称", "name"),
            Map.entry("name", "name"),
            Map.entry("统一社会信用代码", "creditCode"),
            Map.entry("社会信用代码", "creditCode"),
            Map.entry("信用代码", "creditCode"),
            Map.entry("creditcode", "creditCode"),
            Map.entry("credit_code", "creditCode"),
            Map.entry("电话", "phone"),
            Map.entry("联系电话", "phone"),
            Map.entry("手机", "phone"),
            Map.entry("手机号", "phone"),
            Map.entry("手机号码", "phone"),
            Map.entry("phone", "phone"),
            Map.entry("联系人", "contact"),
            Map.entry("contact", "contact"));

    /** One target: the entity, the number its message goes to, and whom to address. */
    public record Target(int row, MarketEntity entity, String phone, String contact) {
        public Target {
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(phone, "phone");
        }
    }

    /** A bad row (row 0: the file as a whole) and what is wrong with it. */
    public record RowError(int row, String reason) {}

    /** The targets read, and every error; {@link #ok()} only when there are targets and no error. */
    public record Parsed(List<Target> targets, List<RowError> errors, int errorCount) {
        public Parsed {
            targets = List.copyOf(targets);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errorCount == 0 && !targets.isEmpty();
        }
    }

    private TargetList() {}

    public static Parsed parse(byte[] file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file))
                    .toString();
        } catch (CharacterCodingException e) {
            return fileError("the file is not UTF-8 text (saved as GBK/ANSI? save it as \"CSV UTF-8\")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) {
            return fileError("the file holds binary data (an .xlsx? save it as \"CSV UTF-8\")");
        }
        List<List<String>> rows = new ArrayList<>();
        String unterminated = records(text, rows);
        if (rows.isEmpty() || rows.get(0).stream().allMatch(String::isBlank)) {
            return fileError("the file is empty: the first row must name the columns (名称, 统一社会信用代码, 电话)");
        }
        Map<String, Integer> columns = new java.util.HashMap<>();
        List<String> header = rows.get(0);
        for (int i = 0; i < header.size(); i++) {
            String key = HEADERS.get(header.get(i).strip().toLowerCase(Locale.ROOT));
            if (key != null && columns.putIfAbsent(key, i) != null) {
                return fileError("the header names the column '" + header.get(i).strip() + "' twice");
            }
        }
        if (!columns.containsKey("phone") || !(columns.containsKey("name") || columns.containsKey("creditCode"))) {
            return fileError("the header must name a phone column (电话) and 名称 or 统一社会信用代码; it reads: "
                    + String.join(",", header));
        }
        List<Target> targets = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        int[] errorCount = {0};
        java.util.function.BiConsumer<Integer, String> bad = (row, reason) -> {
            errorCount[0]++;
            if (errors.size() < MAX_REPORTED) {
                errors.add(new RowError(row, reason));
            }
        };
        for (int r = 1; r < rows.size(); r++) {
            int rowNumber = r + 1;
            List<String> row = rows.get(r);
            if (row.stream().allMatch(String::isBlank)) {
                continue; // an empty line, as spreadsheets leave at the end
            }
            if (unterminated != null && r == rows.size() - 1) {
                bad.accept(rowNumber, unterminated);
                continue;
            }
            if (row.size() > header.size()) {
                bad.accept(
                        rowNumber,
                        row.size() + " fields but the header has " + header.size()
                                + " (a comma inside a name must be in \"quotes\")");
                continue;
            }
            String reason = check(row, columns, targets, rowNumber);
            if (reason != null) {
                bad.accept(rowNumber, reason);
            }
            if (targets.size() > MAX_TARGETS) {
                return fileError("more than " + MAX_TARGETS + " targets in one list");
            }
        }
        if (targets.isEmpty() && errorCount[0] == 0) {
            return fileError("the file names no target below its header");
        }
        return new Parsed(targets, errors, errorCount[0]);
    }

    /** Adds the row's target, or says what is wrong with it. */
    private static String check(List<String> row, Map<String, Integer> columns, List<Target> targets, int rowNumber) {
        String name = field(row, columns.get("name"));
        String code = field(row, columns.get("creditCode"));
        String phone = field(row, columns.get("phone"));
        String contact = field(row, columns.get("contact"));
        for (String v : new String[] {name, code, phone, contact}) {
            if (v != null && v.chars().anyMatch(c -> Character.isISOControl(c))) {
                return "a control character (line break, tab…) inside a field";
            }
        }
        for (String v : new String[] {name, contact}) {
            // A cell starting with = + - @ is a formula to any spreadsheet that opens an export later.
            if (v != null && "=+-@".indexOf(v.charAt(0)) >= 0) {
                return "'" + shorten(v) + "' starts with " + v.charAt(0) + " (a spreadsheet formula)";
            }
        }
        if (contact != null && contact.length() > 64) {
            return "联系人 longer than 64 characters";
        }
        if (code != null) {
            code = Normalizer.normalize(code, Normalizer.Form.NFKC);
        }
        MarketEntity entity;
        try {
            entity = new MarketEntity(name, code);
        } catch (IllegalArgumentException e) {
            return name == null && code == null ? "no 名称 and no 统一社会信用代码" : e.getMessage();
        }
        if (phone == null) {
            return "no 电话";
        }
        String dial = PhoneNumber.normalize(phone).orElse(null);
        if (dial == null) {
            return "'" + shorten(phone) + "' is not a phone number";
        }
        for (Target t : targets) {
            if (t.entity().sameAs(entity)) {
                return "the same market entity as row " + t.row();
            }
        }
        targets.add(new Target(rowNumber, entity, dial, contact));
        return null;
    }

    private static String field(List<String> row, Integer column) {
        if (column == null || column >= row.size()) {
            return null;
        }
        String v = row.get(column).strip();
        return v.isEmpty() ? null : v;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static Parsed fileError(String reason) {
        return new Parsed(List.of(), List.of(new RowError(0, reason)), 1);
    }

    /**
     * RFC 4180 records: fields split on commas, "quoted" fields may hold commas, line breaks and
     * doubled quotes. Returns the reason when the last record's quote never closes, else null.
     */
    private static String records(String text, List<List<String>> out) {
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int quoteRow = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                continue;
            }
            any = true;
            switch (c) {
                case '"' -> {
                    if (field.toString().isBlank()) {
                        field.setLength(0);
                        quoted = true;
                        quoteRow = out.size() + 1;
                    } else {
                        field.append(c);
                    }
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                }
                case '\r', '\n' -> {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    record.add(field.toString());
                    field.setLength(0);
                    out.add(record);
                    record = new ArrayList<>();
                    any = false;
                }
                default -> field.append(c);
            }
        }
        if (quoted || any || field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            out.add(record);
        }
        return quoted ? "a quote opened in row " + quoteRow + " never closes" : null;
    }
}
