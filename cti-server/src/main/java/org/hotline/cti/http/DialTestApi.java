package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.dialtest.DialTestRun;
import org.hotline.cti.app.dialtest.DialTestService;
import org.hotline.cti.domain.dialtest.DialTestResult;

/**
 * R8 dial-tests: {@code POST /api/dialtests/run} starts a run (202, poll
 * {@code GET /api/dialtests/runs/{id}}), {@code GET /api/dialtests} gives each number's latest
 * result and flag plus the recent history. Supervisors and admins.
 */
public final class DialTestApi {
    private static final int HISTORY = 100;

    private final DialTestService service;

    public DialTestApi(DialTestService service) {
        this.service = service;
    }

    public void register(Router r) {
        r.post("/api/dialtests/run", Role.SUPERVISOR, this::run);
        r.get("/api/dialtests", Role.SUPERVISOR, req -> HttpResponse.json(overview()));
        r.get(
                "/api/dialtests/runs/{id}",
                Role.SUPERVISOR,
                req -> HttpResponse.json(run(service.run(req.pathParam("id"))
                        .orElseThrow(() -> new CtiException(
                                ErrorId.NO_SUCH_DIALTEST_RUN, "no recent dial-test run " + req.pathParam("id"))))));
    }

    private HttpResponse run(HttpRequest req) {
        String department = null;
        if (req.body().length > 0) {
            JsonNode n = Json.tree(req.body());
            JsonNode d = n.get("department");
            if (d != null && !d.isNull()) {
                department = d.asText();
            }
        }
        DialTestRun run = service.start("manual", req.session().user(), department);
        return HttpResponse.json(HttpResponseStatus.ACCEPTED, run(run));
    }

    private Map<String, Object> overview() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "numbers",
                service.status().stream()
                        .map(s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("department", s.department());
                            m.put("number", s.number());
                            m.put("latest", s.latest() == null ? null : result(s.latest()));
                            m.put("failuresInARow", s.failuresInARow());
                            m.put("failing", s.failing());
                            return m;
                        })
                        .toList());
        body.put(
                "history",
                service.history(HISTORY).stream().map(DialTestApi::result).toList());
        return body;
    }

    static Map<String, Object> run(DialTestRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", run.id());
        m.put("trigger", run.trigger());
        m.put("requestedBy", run.requestedBy());
        m.put("department", run.department());
        m.put("state", run.finished() ? "finished" : "running");
        m.put("startedAt", run.startedAt());
        m.put("finishedAt", run.finishedAt());
        m.put(
                "numbers",
                run.targets().stream()
                        .map(t -> Map.of("department", t.department(), "number", t.number()))
                        .toList());
        List<Map<String, Object>> results =
                run.results().stream().map(DialTestApi::result).toList();
        m.put("results", results);
        return m;
    }

    static Map<String, Object> result(DialTestResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.runId());
        m.put("department", r.department());
        m.put("number", r.number());
        m.put("result", r.result());
        m.put("cause", r.cause());
        m.put("answerMillis", r.answerTime() == null ? null : r.answerTime().toMillis());
        m.put("startedAt", r.startedAt());
        m.put("finishedAt", r.finishedAt());
        return m;
    }
}
