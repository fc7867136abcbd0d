package org.hotline.cti.app.port;

import java.util.Optional;

/** How far a {@link CallHistory} source has been read. */
public interface CheckpointStore {
    Optional<String> position(String source);

    void save(String source, String position);
}
