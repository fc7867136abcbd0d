package org.hotline.softphone.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HTTP digest (RFC 2617 / RFC 3261 22.4) with MD5, with or without {@code qop=auth}.
 * Pure so it can be checked against the RFC's worked example.
 */
public final class DigestAuth {

    private DigestAuth() {}

    /**
     * @param qop    "auth" or null when the challenge offered no qop (RFC 2069 compatibility)
     * @param nc     nonce count as 8 hex digits, used only with qop
     * @param cnonce client nonce, used only with qop
     */
    public static String response(
            String user,
            String realm,
            String password,
            String method,
            String uri,
            String nonce,
            String qop,
            String nc,
            String cnonce) {
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        if (qop == null) {
            return md5(ha1 + ":" + nonce + ":" + ha2);
        }
        return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /**
     * Picks "auth" from a challenge's qop list ("auth,auth-int"), or null if the server did not
     * ask for qop; auth-int alone is not supported and also yields null (plain digest).
     */
    public static String chooseQop(String offered) {
        if (offered == null) {
            return null;
        }
        for (String q : offered.split(",")) {
            if (q.trim().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        return null;
    }

    static String md5(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
