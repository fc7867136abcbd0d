package org.hotline.cti.domain.dialplan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The contexts (and one number each must answer) that the CTI relies on. A dialplan without them
 * would load in Asterisk and then break the hotline: callers would not reach the queue, transfers
 * (R1) would have no conference room, dial-tests (R8) and call-backs (R11) would fail.
 */
public final class DialplanContract {
    /** Context → a number it must answer (null: any extension will do). */
    public static final Map<String, String> REQUIRED;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("from-enterprise", "12345");
        m.put("hotline-conference", "7001");
        m.put("hotline-conference-agent", "7001");
        m.put("hotline-conference-specialist", "7001");
        m.put("dial-test", "answered");
        m.put("callback", "13900000000");
        m.put("agents", null);
        REQUIRED = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Files in /etc/asterisk that are not dialplan: an upload must never overwrite them (a
     * dialplan load that replaced manager.conf could lock the CTI out of AMI).
     */
    public static final Set<String> PROTECTED_FILES = Set.of(
            "asterisk.conf",
            "modules.conf",
            "pjsip.conf",
            "pjsip_wizard.conf",
            "manager.conf",
            "queues.conf",
            "confbridge.conf",
            "logger.conf",
            "cdr.conf",
            "cel.conf",
            "cel_custom.conf",
            "cdr_custom.conf",
            "rtp.conf",
            "musiconhold.conf",
            "ari.conf",
            "http.conf",
            "sip.conf",
            "iax.conf",
            "voicemail.conf",
            "features.conf",
            "indications.conf",
            "acl.conf",
            "stasis.conf",
            "udptl.conf");

    /** The file Asterisk's pbx_config reads first; everything else must be reachable from it. */
    public static final String ENTRY_FILE = "extensions.conf";

    private DialplanContract() {}
}
