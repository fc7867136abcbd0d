package org.hotline.cti.app.callback;

import java.time.Clock;
import java.util.List;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.port.RosterStore;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.domain.roster.SupervisorShift;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duty roster in force: roster.yaml as loaded, with the duty-supervisor list replaced by the
 * latest one set over the API (stored, so a duty swap outlives a restart).
 */
public final class RosterService {
    private static final Logger log = LoggerFactory.getLogger(RosterService.class);

    private final RosterStore store;
    private final Clock clock;
    private volatile Roster current;

    public RosterService(Roster fromConfig, RosterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.current = store.latestSupervisors()
                .map(s -> {
                    log.info("duty supervisors: {} from the last change over the API (not roster.yaml)", s.size());
                    return with(fromConfig, s);
                })
                .orElse(fromConfig);
    }

    public Roster current() {
        return current;
    }

    /** roster.yaml was reloaded: take its rotation duties, keeping supervisors last set over the API. */
    public synchronized void reloaded(Roster fromConfig) {
        current = store.latestSupervisors().map(s -> with(fromConfig, s)).orElse(fromConfig);
    }

    /** R11: a new duty-supervisor list; refused when empty, since missed calls need an owner. */
    public synchronized Roster replaceSupervisors(List<SupervisorShift> supervisors, String by) {
        if (supervisors.isEmpty()) {
            throw new CtiException(ErrorId.BAD_ROSTER, "the duty roster needs at least one supervisor (R11)");
        }
        store.saveSupervisors(supervisors, by, clock.instant());
        current = with(current, supervisors);
        log.info(
                "duty supervisors changed by {}: {}",
                by,
                supervisors.stream().map(SupervisorShift::name).toList());
        return current;
    }

    private static Roster with(Roster r, List<SupervisorShift> supervisors) {
        return new Roster(r.rules(), r.duties(), supervisors, r.calendar());
    }
}
