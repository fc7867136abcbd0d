package org.hotline.cti.domain.rotation;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A phone number a PBX or an SMS gateway can dial: a mainland mobile (11 digits), a landline with
 * its area code, or a short service number; {@code +86}, spaces, hyphens and full-width digits
 * (１３８…, as pasted from documents) are accepted and dropped, since the dialplan dials national
 * digits ({@code _X.}).
 */
public final class PhoneNumber {
    private static final Pattern DIALLABLE = Pattern.compile("1[3-9]\\d{9}|0\\d{9,11}|\\d{3,8}");

    private PhoneNumber() {}

    /** The national digits, or empty when {@code raw} is no phone number. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String p = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().replaceAll("[\\s-]", "");
        if (p.startsWith("+86")) {
            p = p.substring(3);
        } else if (p.startsWith("86") && p.length() == 13) {
            p = p.substring(2);
        }
        return DIALLABLE.matcher(p).matches() ? Optional.of(p) : Optional.empty();
    }
}
