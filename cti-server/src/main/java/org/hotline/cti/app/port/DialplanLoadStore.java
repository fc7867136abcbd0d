package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;

/** The audit trail of dialplan loads: who, when, which files (checksum), result and message. */
public interface DialplanLoadStore {
    /** @param node the Asterisk node loaded (issue 14 item 6); null: every node (a load refused before any). */
    record LoadRecord(
            long id,
            String loadedBy,
            Instant loadedAt,
            String checksum,
            List<String> files,
            String result,
            String message,
            String node) {
        public LoadRecord {
            files = List.copyOf(files);
        }

        public LoadRecord withId(long newId, String newMessage) {
            return new LoadRecord(newId, loadedBy, loadedAt, checksum, files, result, newMessage, node);
        }
    }

    LoadRecord save(LoadRecord record);

    /** Newest first. */
    List<LoadRecord> latest(int limit);
}
