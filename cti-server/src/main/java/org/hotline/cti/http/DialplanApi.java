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
 * {@code {"files": {"extensions.conf": "…", "hotline-inbound.conf": "…"}[, "node": "pbx2"]}} (a JSON
 * map of file name → text: the whole dialplan, every load replaces the previous one; into every
 * Asterisk node, or the one named, with each node's result under {@code nodes}), and the audit
 * at {@code GET /api/admin/dialplan/loads} (a row per node). Admins only.
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
        JsonNode node = Json.tree(req.body()).get("node");
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw new CtiException(ErrorId.BAD_FIELD, "field 'node' must be a node's name (ami.nodes[].name)");
        }
        LoadOutcome out =
                loader.load(texts, req.session().user(), node == null || node.isNull() ? null : node.asText());
        Map<String, Object> body = new LinkedHashMap<>();
        // The worst node decides the status and the error (issue 14 item 6); with one node, that node.
        String decisive = out.loaded() ? "loaded" : out.worst().result();
        if (!out.loaded()) {
            ErrorId code = switch (decisive) {
                case "rejected" -> ErrorId.DIALPLAN_INVALID;
                case "restored" -> ErrorId.DIALPLAN_NOT_SERVED;
                case "unreachable" -> ErrorId.AMI_DISCONNECTED;
                case "not-configured" -> ErrorId.DIALPLAN_DIR_NOT_CONFIGURED;
                default -> ErrorId.DIALPLAN_RESTORE_FAILED;
            };
            body.put("error", Map.of("code", code.id(), "message", summary(out)));
        }
        body.put("result", out.result());
        body.put("load", load(out.audit()));
        body.put(
                "nodes",
                out.nodes().stream()
                        .map(n -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("node", n.node());
                            m.put("result", n.result());
                            m.put("message", n.message());
                            m.put("loadId", n.auditId());
                            return m;
                        })
                        .toList());
        body.put("errors", problems(out.errors()));
        body.put("warnings", problems(out.warnings()));
        HttpResponseStatus status = switch (decisive) {
            case "loaded" -> HttpResponseStatus.OK;
            case "rejected" -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
            case "restored" -> HttpResponseStatus.BAD_GATEWAY;
            case "unreachable" -> HttpResponseStatus.SERVICE_UNAVAILABLE;
            case "not-configured" -> HttpResponseStatus.CONFLICT;
            default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
        return HttpResponse.json(status, body);
    }

    /**
     * The error's message: with one node, that node's; with several, the node that refused and
     * why first, then where it did load and where it was not tried.
     */
    static String summary(LoadOutcome out) {
        if (out.nodes().size() <= 1 || "rejected".equals(out.result())) {
            return out.audit().message();
        }
        LoadOutcome.NodeResult worst = out.worst();
        StringBuilder m = new StringBuilder(worst.node() + ": " + worst.result() + ": " + worst.message());
        for (LoadOutcome.NodeResult n : out.nodes()) {
            if (n != worst) {
                m.append("; ").append(n.node()).append(": ").append(n.result());
            }
        }
        return m.toString();
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
        m.put("node", r.node());
        return m;
    }
}
