package org.hotline.cti.app.port;

import java.util.OptionalInt;

/**
 * The PBX as a dialplan administrator sees it. Calls block (bounded by the PBX link's action
 * timeout) and throw {@link org.hotline.cti.CtiException} when the PBX cannot be asked.
 */
public interface DialplanPbx {
    /** Whether the PBX can be asked now (its AMI link is up); a load does not touch the files of one that cannot. */
    boolean reachable();

    /** Asks the PBX to re-read its dialplan files. */
    void reload();

    /** How many priorities the PBX serves in {@code context}; empty when it has no such context. */
    OptionalInt priorities(String context);

    /** Whether a call to {@code number} in {@code context} finds an extension (includes followed). */
    boolean answers(String context, String number);
}
