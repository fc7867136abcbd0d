package org.hotline.cti.app.dialplan;

import java.util.List;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.domain.dialplan.DialplanProblem;

/**
 * What a dialplan load did. {@code result}: {@code loaded}; {@code rejected} (the check failed,
 * nothing was touched); {@code restored} (installed, the PBX did not serve it, the previous files
 * are back and reloaded); {@code restore-failed} (the PBX may be without a working dialplan:
 * an administrator must act now).
 */
public record LoadOutcome(LoadRecord audit, List<DialplanProblem> errors, List<DialplanProblem> warnings) {
    public LoadOutcome {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean loaded() {
        return "loaded".equals(audit.result());
    }
}
