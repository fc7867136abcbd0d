package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.auth.Role;

/** Wrap-ups: how the agent closed a call (R12). */
public final class WrapupApi {
    private final HotlineDesk desk;

    public WrapupApi(HotlineDesk desk) {
        this.desk = desk;
    }

    public void register(Router r) {
        r.post("/api/wrapups", Role.AGENT, req -> {
            JsonNode n = Json.tree(req.body());
            return HttpResponse.json(
                    HttpResponseStatus.CREATED,
                    Map.of(
                            "wrapup",
                            desk.wrapUp(
                                    req.session(),
                                    Json.requiredText(n, "callId"),
                                    n.path("matter").asText(null),
                                    Json.requiredText(n, "resolution"),
                                    n.path("note").asText(null),
                                    n.path("enterprise").asText(null))));
        });
    }
}
