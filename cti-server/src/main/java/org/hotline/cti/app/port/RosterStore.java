package org.hotline.cti.app.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.cti.domain.roster.SupervisorShift;

/** Duty-supervisor lists changed over the API; the latest one outlives restarts and beats roster.yaml. */
public interface RosterStore {
    Optional<List<SupervisorShift>> latestSupervisors();

    void saveSupervisors(List<SupervisorShift> supervisors, String changedBy, Instant at);
}
