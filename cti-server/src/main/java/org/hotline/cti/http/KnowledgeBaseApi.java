package org.hotline.cti.http;

import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.auth.Role;

import java.util.Map;

/** The directory of departments and the knowledge base an agent searches before transferring (R3). */
public final class KnowledgeBaseApi {
    private final HotlineDesk desk;

    public KnowledgeBaseApi(HotlineDesk desk) {
        this.desk = desk;
    }

    public void register(Router r) {
        r.get("/api/departments", Role.AGENT, req -> HttpResponse.json(Map.of("departments", desk.departments())));
        r.get("/api/kb", Role.AGENT, req -> HttpResponse.json(Map.of("results", desk.searchKb(req.param("q")))));
    }
}
