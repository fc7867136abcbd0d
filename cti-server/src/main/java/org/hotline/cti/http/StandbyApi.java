package org.hotline.cti.http;

import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;

/**
 * Issue 14 item 5: what the standby server of an active/standby pair answers. DESIGN: the public
 * health check says {@code {"status":"standby"}}; every other call gets 503 {@code standby} so a
 * client (the softphone, a load balancer) turns to the active server.
 */
public final class StandbyApi {
    public void register(Router router) {
        router.get("/api/health", null, req -> HttpResponse.json(Map.of("status", "standby")));
        router.otherwise(req -> {
            throw new CtiException(
                    ErrorId.STANDBY, "this server is the standby; the active server answers " + req.path());
        });
    }
}
