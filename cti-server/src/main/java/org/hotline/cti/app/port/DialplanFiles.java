package org.hotline.cti.app.port;

import java.util.Map;

/** The PBX's dialplan directory (sandbox: the chroot's /etc/asterisk; production: /etc/asterisk). */
public interface DialplanFiles {
    /** Every {@code *.conf} file in the directory, name → text. */
    Map<String, String> readAll();

    /** Replaces (or creates) one file atomically: Asterisk never reads half a file. */
    void write(String name, String text);

    void delete(String name);

    /** Where the files are, for messages. */
    String location();
}
