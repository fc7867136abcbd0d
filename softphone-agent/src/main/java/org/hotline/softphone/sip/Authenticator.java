package org.hotline.softphone.sip;

import gov.nist.javax.sip.header.AuthenticationHeader;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Answers a 401/407 challenge by re-issuing the request with credentials: same Call-ID and
 * From tag, CSeq + 1, a fresh Via branch (a new transaction), and an (Proxy-)Authorization
 * header computed by {@link DigestAuth}.
 *
 * <p>Uses the NIST {@link AuthenticationHeader} base class because the javax.sip API gives
 * WWW-Authenticate and Proxy-Authenticate (and the two Authorization headers) no common type.
 */
final class Authenticator {

    private final SipEndpoint endpoint;
    private final SecureRandom random = new SecureRandom();
    private int nonceCount;
    private String lastNonce;

    Authenticator(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The request to send in reply to {@code challenge}, or null if it carries no digest. */
    Request authorize(Request original, Response challenge) throws Exception {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        AuthenticationHeader ch = challengeHeader(challenge);
        if (ch == null || !"Digest".equalsIgnoreCase(ch.getScheme())) {
            return null;
        }
        String algorithm = ch.getAlgorithm();
        if (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) {
            return null;
        }
        Request r = (Request) original.clone();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        r.removeHeader(ViaHeader.NAME);
        r.addHeader(endpoint.via());
        r.removeHeader(AuthorizationHeader.NAME);
        r.removeHeader(ProxyAuthorizationHeader.NAME);

        String uri = r.getRequestURI().toString();
        String qop = DigestAuth.chooseQop(ch.getQop());
        String nonce = ch.getNonce();
        if (!nonce.equals(lastNonce)) {
            lastNonce = nonce;
            nonceCount = 0;
        }
        String nc = String.format("%08x", ++nonceCount);
        String cnonce = HexFormat.of().formatHex(random.generateSeed(8));
        SipPhoneConfig cfg = endpoint.config;
        String response = DigestAuth.response(
                cfg.user(), ch.getRealm(), cfg.password(), r.getMethod(), uri, nonce, qop, nc, cnonce);

        AuthenticationHeader auth = (AuthenticationHeader)
                (proxy
                        ? endpoint.headers.createProxyAuthorizationHeader("Digest")
                        : endpoint.headers.createAuthorizationHeader("Digest"));
        auth.setUsername(cfg.user());
        auth.setRealm(ch.getRealm());
        auth.setNonce(nonce);
        auth.setURI(r.getRequestURI());
        auth.setResponse(response);
        auth.setAlgorithm("MD5");
        if (ch.getOpaque() != null) {
            auth.setOpaque(ch.getOpaque());
        }
        if (qop != null) {
            auth.setQop(qop);
            auth.setNonceCount(nonceCount);
            auth.setCNonce(cnonce);
        }
        r.addHeader(auth);
        return r;
    }

    /** True if the challenge says our nonce merely went stale (retry, the password is fine). */
    static boolean isStale(Response challenge) {
        AuthenticationHeader h = challengeHeader(challenge);
        return h != null && "true".equalsIgnoreCase(h.getParameter("stale"));
    }

    private static AuthenticationHeader challengeHeader(Response challenge) {
        return (AuthenticationHeader) challenge.getHeader(
                challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED
                        ? ProxyAuthenticateHeader.NAME
                        : WWWAuthenticateHeader.NAME);
    }
}
