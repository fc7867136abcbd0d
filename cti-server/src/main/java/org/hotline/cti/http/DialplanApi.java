package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Role;
import org.hotline.cti.app.dialplan.DialplanLoader;
import org.hotline.cti.app.dialplan.LoadOutcome;
import org.hotline.cti.app.port.DialplanLoadStore.LoadRecord;
import org.hotline.cti.domain.dialplan.DialplanProblem;

/**
 * PBX administrators' dialplan upload: {@code POST /api/admin/dialplan} with
 * {@code {"files": {"extensions.conf": "…", "hotline-inbound.conf": "…"}}} (a JSON map of file
 * name → text: the whole dialplan, every load replaces the previous one), and the audit at
 * {@code GET /api/admin/dialplan/loads}. Admins only.
 */
public final class DialplanApi {
    private static final int MAX_FILES = 50;
    private static final int AUDIT_LIMIT = 100;

    private final DialplanLoader loader;

    public DialplanApi(DialplanLoader loader) {
        this.loader = loader;
    }

    public void register(Router r) {
        r.post("/api/admin/dialplan", Role.ADMIN, this::load);
        r.get(
                "/api/admin/dialplan/loads",
                Role.ADMIN,
                req -> HttpResponse.json(Map.of(
                        "loads",
                        loader.history(AUDIT_LIMIT).stream()
                                .map(DialplanApi::load)
                                .toList())));
    }

    private HttpResponse load(HttpRequest req) {
        JsonNode files = Json.tree(req.body()).get("files");
        if (files == null || !files.isObject() || files.isEmpty()) {
            throw new CtiException(
                    ErrorId.MISSING_FIELD, "field 'files' is required: an object of file name → dialplan text");
        }
        if (files.size() > MAX_FILES) {
            throw new CtiException(
                    ErrorId.TOO_MANY_FILES, "at most " + MAX_FILES + " dialplan files per load, got " + files.size());
        }
        Map<String, String> texts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> f : files.properties()) {
            if (!f.getValue().isTextual()) {
                throw new CtiException(ErrorId.BAD_FILE, "files." + f.getKey() + " must be the file's text");
            }
            texts.put(f.getKey(), f.getValue().asText());
        }
        LoadOutcome out = loader.load(texts, req.session().user());
        Map<String, Object> body = new LinkedHashMap<>();
        String result = out.audit().result();
        if (!out.loaded()) {
            ErrorId code = switch (result) {
                case "rejected" -> ErrorId.DIALPLAN_INVALID;
                case "restored" -> ErrorId.DIALPLAN_NOT_SERVED;
                default -> ErrorId.DIALPLAN_RESTORE_FAILED;
            };
            body.put("error", Map.of("code", code.id(), "message", out.audit().message()));
        }
        body.put("load", load(out.audit()));
        body.put("errors", problems(out.errors()));
        body.put("warnings", problems(out.warnings()));
        HttpResponseStatus status = switch (result) {
            case "loaded" -> HttpResponseStatus.OK;
            case "rejected" -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case "restored" -> HttpResponseStatus.BAD_GATEWAY;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        return HttpResponse.json(status, body);
    }

    private static List<Map<String, Object>> problems(List<DialplanProblem> list) {
        return list.stream()
                .map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", p.file());
                    m.put("line", p.line());
                    m.put("message", p.message());
                    return m;
                })
                .toList();
    }

    static Map<String, Object> load(LoadRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("loadedBy", r.loadedBy());
        m.put("loadedAt", r.loadedAt());
        m.put("checksum", r.checksum());
        m.put("files", r.files());
        m.put("result", r.result());
        m.put("message", r.message());
        return m;
    }
}
