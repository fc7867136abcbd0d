package org.hotline.cti.http;

import java.util.Map;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.auth.Role;

/** Re-reads departments, calendar and roster, like SIGHUP; a bad file is refused and the rules in force stay. */
public final class AdminApi {
    private final HotlineRules rules;

    public AdminApi(HotlineRules rules) {
        this.rules = rules;
    }

    public void register(Router r) {
        r.post("/api/admin/reload", Role.ADMIN, req -> {
            var now = rules.reload();
            return HttpResponse.json(Map.of(
                    "departments",
                    now.directory().departments().size(),
                    "matters",
                    now.directory().matters().size(),
                    "reloaded",
                    true));
        });
    }
}
