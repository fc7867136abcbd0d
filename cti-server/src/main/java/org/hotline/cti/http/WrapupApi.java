package org.hotline.cti.http;

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
        r.post(
                "/api/wrapups",
                Role.AGENT,
                req -> HttpResponse.json(
                        HttpResponseStatus.CREATED,
                        Map.of("wrapup", desk.wrapUp(req.session(), Requests.wrapUp(Json.tree(req.body()))))));
    }
}
