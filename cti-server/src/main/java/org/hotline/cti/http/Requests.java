package org.hotline.cti.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.hotline.cti.CtiException;
import org.hotline.cti.ErrorId;
import org.hotline.cti.app.auth.Session;
import org.hotline.cti.app.transfer.TransferRequest;
import org.hotline.cti.app.transfer.WrapUpRequest;
import org.hotline.cti.app.workorder.CreateWorkOrderRequest;
import org.hotline.cti.domain.transfer.SupervisorOverride;

/**
 * The one place a request's JSON becomes a command record, for the agent socket ({@code transfer},
 * {@code wrapup}, {@code workorder.create}) and the HTTP API ({@code POST /api/transfers},
 * {@code /api/wrapups}, {@code /api/workorders}) alike (issue 12): the fields are read here, the
 * records check them in their constructors, so both adapters refuse the same input with the same
 * id and message (docs/agent-protocol.md, docs/api.md).
 */
final class Requests {
    private Requests() {}

    /**
     * {@code {callId, matter[, override: {reason}]}}. The override is always in the name of whoever
     * sends it; the service refuses it below supervisor (R10).
     */
    static TransferRequest transfer(JsonNode n, Session by) {
        JsonNode o = n.get("override");
        SupervisorOverride override = o == null || o.isNull()
                ? null
                : new SupervisorOverride(by.user(), o.path("reason").asText(""));
        return new TransferRequest(requiredText(n, "callId"), requiredText(n, "matter"), override);
    }

    /** {@code {callId, resolution[, matter, note, enterprise]}} (R12). */
    static WrapUpRequest wrapUp(JsonNode n) {
        return new WrapUpRequest(
                requiredText(n, "callId"),
                n.path("matter").asText(null),
                requiredText(n, "resolution"),
                n.path("note").asText(null),
                n.path("enterprise").asText(null),
                n.path("department").asText(null),
                n.path("question").asText(null));
    }

    /**
     * {@code {department, description[, kind, matter, caller, callId, dispatch]}}: kind help unless
     * given; dispatched to the department at once unless {@code "dispatch": false} (R13, R2).
     */
    static CreateWorkOrderRequest createWorkOrder(JsonNode n) {
        var kind = CreateWorkOrderRequest.kind(text(n, "kind"));
        String department = requiredText(n, "department");
        return new CreateWorkOrderRequest(
                kind,
                department,
                text(n, "matter"),
                text(n, "caller"),
                text(n, "callId"),
                requiredText(n, "description"),
                n.path("dispatch").asBoolean(true));
    }

    /** A required field's text, or null when absent or not a string: the record names it {@code missing-field}. */
    private static String requiredText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** An optional text field: null when absent, {@code bad-field} when not a string. */
    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CtiException(ErrorId.BAD_FIELD, "field '" + field + "' must be a string");
        }
        return v.asText();
    }
}
