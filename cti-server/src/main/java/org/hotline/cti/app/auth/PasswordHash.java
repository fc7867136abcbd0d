package org.hotline.cti.app.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-SHA256 password hashes: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64). New hashes
 * use OWASP's current work factor for PBKDF2-HMAC-SHA256 (600,000); a stored hash carries its own
 * count, so hashes made with the earlier 120,000 still verify (issue 11 item 7).
 */
public final class PasswordHash {
    public static final int ITERATIONS = 600_000;
    /** A stored count above this is refused: a hash in config must not be able to stall every login. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    public static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    static String hash(String password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
    }

    /** The work factor a stored hash was made with (0 when it is not one of ours). */
    public static int iterations(String stored) {
        return looksValid(stored) ? Integer.parseInt(stored.split("\\$")[1]) : 0;
    }

    public static boolean verify(String password, String stored) {
        String[] p = stored == null ? new String[0] : stored.split("\\$");
        if (!looksValid(stored)) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual); // constant time
    }

    public static boolean looksValid(String stored) {
        String[] p = stored == null ? new String[0] : stored.split("\\$");
        if (p.length != 4 || !"pbkdf2-sha256".equals(p[0]) || !p[1].matches("\\d{1,8}")) {
            return false;
        }
        int n = Integer.parseInt(p[1]);
        return n >= 1 && n <= MAX_ITERATIONS;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
