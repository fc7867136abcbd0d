package org.hotline.cti.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.auth.Role;

/** Wrap-ups: how the agent closed a call (R12); 未能解答 sends the question to its department (R9). */
public final class WrapupApi {
    private final HotlineDesk desk;

    public WrapupApi(HotlineDesk desk) {
        this.desk = desk;
    }

    public void register(Router r) {
        r.post("/api/wrapups", Role.AGENT, req -> {
            HotlineDesk.WrappedUp done = desk.wrapUpCall(req.session(), Requests.wrapUp(Json.tree(req.body())));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("wrapup", done.wrapup());
            if (done.question() != null) {
                out.put("question", done.question()); // R9: sent to its department
            }
            return HttpResponse.json(HttpResponseStatus.CREATED, out);
        });
    }
}
