package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;

/** The audit trail of dialplan loads: who, when, which files (checksum), result and message. */
public interface DialplanLoadStore {
    record LoadRecord(
            long id,
            String loadedBy,
            Instant loadedAt,
            String checksum,
            List<String> files,
            String result,
            String message) {
        public LoadRecord {
            files = List.copyOf(files);
        }
    }

    LoadRecord save(LoadRecord record);

    /** Newest first. */
    List<LoadRecord> latest(int limit);
}
