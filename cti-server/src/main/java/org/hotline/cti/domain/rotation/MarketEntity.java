package org.hotline.cti.domain.rotation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * R5: a market entity (市场主体: an enterprise or a sole trader) served in a rotation session, known by
 * its name, its unified social credit code (统一社会信用代码), or both. Sole traders often have no code
 * to hand, so the name alone is enough.
 */
public record MarketEntity(String name, String creditCode) {
    /** GB 32100-2015: 18 characters from the digits and the capitals without I, O, Z, S, V. */
    private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");

    public MarketEntity {
        name = name == null || name.isBlank() ? null : name.strip();
        creditCode = creditCode == null || creditCode.isBlank()
                ? null
                : creditCode.strip().toUpperCase(Locale.ROOT);
        if (name == null && creditCode == null) {
            throw new IllegalArgumentException("a market entity needs a name or a unified social credit code");
        }
        if (name != null && name.length() > 200) {
            throw new IllegalArgumentException("entity name longer than 200 characters");
        }
        if (creditCode != null && !CREDIT_CODE.matcher(creditCode).matches()) {
            throw new IllegalArgumentException(
                    "'" + creditCode + "' is not an 18-character unified social credit code");
        }
    }

    /**
     * True when both records name the same entity: the same credit code, or the same name once
     * spacing and full-width brackets are folded (（有限公司） and (有限公司) are one firm). Two
     * different codes are two entities even under one name (a branch is registered apart).
     */
    public boolean sameAs(MarketEntity other) {
        if (creditCode != null && other.creditCode != null) {
            return creditCode.equals(other.creditCode);
        }
        return name != null && other.name != null && foldedName().equals(other.foldedName());
    }

    String foldedName() {
        return name.replaceAll("\\s+", "").replace('（', '(').replace('）', ')');
    }
}
