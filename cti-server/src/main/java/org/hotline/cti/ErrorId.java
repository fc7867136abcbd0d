package org.hotline.cti;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error id a client, script or test can see, with the HTTP status the API answers it with:
 * ONE table, so a typo no longer compiles and {@code store-failed} is written once. The ids are
 * stable kebab-case (clients and scripts match on them: DESIGN.md, docs/agent-protocol.md).
 *
 * <p>Adding one is one line, kept in alphabetical order: {@code NOT_YOUR_ORDER("not-your-order", 403),}.
 * Status: 400 the client's input, 401/403 who you are, 404 nothing by that id, 409 the state does not
 * allow it now, 5xx our side or the PBX's. Ids that only the command line or the sandbox raise keep
 * the 400 they always had.
 */
public enum ErrorId {
    ALREADY_ANSWERED("already-answered", 409),
    ALREADY_LOGGED_IN("already-logged-in", 400),
    AMI_DISCONNECTED("ami-disconnected", 503),
    AMI_LOGIN_FAILED("ami-login-failed", 400),
    AMI_WRITE_FAILED("ami-write-failed", 400),
    BAD_ANSWER("bad-answer", 400),
    BAD_CREDENTIALS("bad-credentials", 401),
    BAD_DATE("bad-date", 400),
    BAD_DATES("bad-dates", 400),
    BAD_DOCUMENTS("bad-documents", 400),
    BAD_ESCALATED("bad-escalated", 400),
    BAD_EVALUATION("bad-evaluation", 400),
    BAD_EXTENSION("bad-extension", 400),
    BAD_ENTERPRISE("bad-enterprise", 400),
    BAD_ENTITY("bad-entity", 400),
    BAD_FIELD("bad-field", 400),
    BAD_HOST("bad-host", 421),
    BAD_ID("bad-id", 400),
    BAD_FILE("bad-file", 400),
    BAD_FILE_NAME("bad-file-name", 400),
    BAD_FORMAT("bad-format", 400),
    BAD_MONTH("bad-month", 400),
    BAD_NOTE("bad-note", 400),
    BAD_ORIGIN("bad-origin", 403),
    BAD_OPTION("bad-option", 400),
    BAD_OVERDUE("bad-overdue", 400),
    BAD_PHONE("bad-phone", 400),
    BAD_POLICY("bad-policy", 400),
    BAD_REQUEST("bad-request", 400),
    BAD_RESOLUTION("bad-resolution", 400),
    BAD_RESPONSE("bad-response", 400),
    BAD_RESULT("bad-result", 400),
    BAD_ROSTER("bad-roster", 400),
    BAD_STATUS("bad-status", 400),
    BAD_TARGET_LIST("bad-target-list", 400),
    BAD_WORKING_DAYS("bad-working-days", 400),
    CALL_NOT_ANSWERED("call-not-answered", 400),
    CALLBACK_BUSY("callback-busy", 409),
    CALLBACK_CLOSED("callback-closed", 409),
    COMMAND_FAILED("command-failed", 400),
    COMMAND_TIMEOUT("command-timeout", 400),
    CONFIG_DIR_MISSING("config-dir-missing", 400),
    CONFIG_INSTALL_FAILED("config-install-failed", 400),
    DATABASE_MIGRATION_FAILED("database-migration-failed", 400),
    DATABASE_UNAVAILABLE("database-unavailable", 400),
    DEBOOTSTRAP_MISSING("debootstrap-missing", 400),
    DIALPLAN_DIR_MISSING("dialplan-dir-missing", 400),
    DIALPLAN_DIR_NOT_CONFIGURED("dialplan-dir-not-configured", 409),
    DIALPLAN_DIR_UNREADABLE("dialplan-dir-unreadable", 400),
    /** {@code POST /api/dialplan}: the checker rejected the files (the answer is 422 with the problems). */
    DIALPLAN_INVALID("dialplan-invalid", 422),
    DIALPLAN_NOT_SERVED("dialplan-not-served", 400),
    DIALPLAN_RELOAD_FAILED("dialplan-reload-failed", 400),
    /** {@code POST /api/dialplan}: the new files failed and the previous ones could not be put back. */
    DIALPLAN_RESTORE_FAILED("dialplan-restore-failed", 500),
    DIALPLAN_WRITE_FAILED("dialplan-write-failed", 400),
    DIALTEST_INCOMPLETE("dialtest-incomplete", 400),
    DIALTEST_RUNNING("dialtest-running", 409),
    EXTENSION_LIMIT("extension-limit", 422),
    FIELD_TOO_LONG("field-too-long", 400),
    /** A file an administrator gave (config, dialplan) is larger than it can sensibly be. */
    FILE_TOO_LARGE("file-too-large", 400),
    FORBIDDEN("forbidden", 403),
    /** The request's header block is larger than the server reads (8 KiB): it is refused before any route sees it. */
    HEADERS_TOO_LARGE("headers-too-large", 431),
    HTTP_BIND_FAILED("http-bind-failed", 400),
    HTTP_INSECURE_BIND("http-insecure-bind", 400),
    HTTP_TLS_FAILED("http-tls-failed", 400),
    ILLEGAL_TRANSFER_TRANSITION("illegal-transfer-transition", 400),
    INTERNAL_ERROR("internal-error", 500),
    INTERRUPTED("interrupted", 400),
    INVALID_CONFIG("invalid-config", 400),
    INVALID_DIRECTORY("invalid-directory", 400),
    JSON_TOO_COMPLEX("json-too-complex", 400),
    LOGIN_BUSY("login-busy", 503),
    LOGIN_REQUIRED("login-required", 400),
    MALFORMED_JSON("malformed-json", 400),
    METHOD_NOT_ALLOWED("method-not-allowed", 405),
    MISSING_FIELD("missing-field", 400),
    MOUNT_FAILED("mount-failed", 400),
    NO_EXTENSION("no-extension", 400),
    /** R9: 未能解答 on a server without a knowledge base to collect the question. */
    NO_KNOWLEDGE_BASE("no-knowledge-base", 503),
    NO_PASSWORD("no-password", 400),
    NO_SUCH_ACTION("no-such-action", 404),
    NO_SUCH_CALL("no-such-call", 404),
    NO_SUCH_CALLBACK("no-such-callback", 404),
    NO_SUCH_DEPARTMENT("no-such-department", 404),
    NO_SUCH_DIALTEST_RUN("no-such-dialtest-run", 404),
    NO_SUCH_DIRECTORY("no-such-directory", 404),
    NO_SUCH_NODE("no-such-node", 404),
    NO_SUCH_ENTRY("no-such-entry", 404),
    NO_SUCH_PUSH("no-such-push", 404),
    NO_SUCH_QUESTION("no-such-question", 404),
    NO_SUCH_TRANSFER("no-such-transfer", 404),
    NO_SUCH_WORK_ORDER("no-such-work-order", 404),
    /** The Accept header names no form the resource has (e.g. the monthly report: JSON, CSV, HTML). */
    NOT_ACCEPTABLE("not-acceptable", 406),
    NOT_CALLED_AGAIN("not-called-again", 409),
    NOT_FOUND("not-found", 404),
    NOT_ROOT("not-root", 400),
    NOT_THREE_WAY("not-three-way", 400),
    /** A file an administrator gave (config, dialplan) is not UTF-8 text (GBK, UTF-16…). */
    NOT_UTF8("not-utf8", 400),
    NOT_YOUR_CALL("not-your-call", 403),
    NOT_YOUR_ENTRY("not-your-entry", 403),
    NOT_YOUR_ORDER("not-your-order", 403),
    NOT_YOUR_QUESTION("not-your-question", 403),
    ORIGINATE_REFUSED("originate-refused", 502),
    OUTSIDE_ROTATION_SESSION("outside-rotation-session", 409),
    OUTSIDE_WORKING_HOURS("outside-working-hours", 400),
    OVERRIDE_NEEDS_SUPERVISOR("override-needs-supervisor", 403),
    OVERRIDE_REASON_REQUIRED("override-reason-required", 400),
    PAYLOAD_TOO_LARGE("payload-too-large", 413),
    PBX_COMMAND_FAILED("pbx-command-failed", 400),
    PBX_ERROR("pbx-error", 502),
    PBX_REFUSED("pbx-refused", 400),
    PBX_TIMEOUT("pbx-timeout", 504),
    PROMPT_TOOLS_MISSING("prompt-tools-missing", 400),
    PROMPTS_FAILED("prompts-failed", 400),
    PROMPTS_INVALID("prompts-invalid", 400),
    PROMPTS_MISSING("prompts-missing", 400),
    PROVISION_FAILED("provision-failed", 400),
    /** R9: a wrap-up 未能解答 (unanswered) without the caller's question. */
    QUESTION_REQUIRED("question-required", 400),
    QUEUE_ADD_FAILED("queue-add-failed", 400),
    QUEUE_PAUSE_FAILED("queue-pause-failed", 400),
    QUEUE_REMOVE_FAILED("queue-remove-failed", 400),
    REASON_REQUIRED("reason-required", 422),
    RELOAD_FAILED("reload-failed", 400),
    REQUEST_TIMEOUT("request-timeout", 408),
    SANDBOX_DIR_NOT_A_CHROOT("sandbox-dir-not-a-chroot", 400),
    SERVER_BUSY("server-busy", 503),
    SERVER_UNREACHABLE("server-unreachable", 400),
    START_FAILED("start-failed", 400),
    START_TIMEOUT("start-timeout", 400),
    /** Issue 14: this server is the standby of an active/standby pair; ask the active one. */
    STANDBY("standby", 503),
    STOP_TIMEOUT("stop-timeout", 400),
    STORE_FAILED("store-failed", 500),
    TEXT_FRAMES_ONLY("text-frames-only", 400),
    THREEWAY_BUDGET_EXHAUSTED("threeway-budget-exhausted", 400),
    TOO_MANY_ATTEMPTS("too-many-attempts", 429),
    TOO_MANY_DOCUMENTS("too-many-documents", 400),
    TOO_MANY_FILES("too-many-files", 400),
    TRANSFER_IN_PROGRESS("transfer-in-progress", 400),
    UMOUNT_FAILED("umount-failed", 400),
    UNAUTHORIZED("unauthorized", 401),
    UNKNOWN_DEPARTMENT("unknown-department", 400),
    UNKNOWN_KIND("unknown-kind", 400),
    UNKNOWN_MATTER("unknown-matter", 400),
    UNKNOWN_QUESTION("unknown-question", 400),
    UNKNOWN_SPECIALIST("unknown-specialist", 400),
    UNKNOWN_TYPE("unknown-type", 400),
    UNREADABLE("unreadable", 400),
    /** The request line (method, URL, version) is longer than the server reads (4 KiB). */
    URI_TOO_LONG("uri-too-long", 414),
    WRONG_DEPARTMENT("wrong-department", 400),
    WRONG_EXTENSION("wrong-extension", 400),
    WRONG_STATE("wrong-state", 409);

    private static final Map<String, ErrorId> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorId::id, Function.identity()));

    private final String id;
    private final int httpStatus;

    ErrorId(String id, int httpStatus) {
        this.id = id;
        this.httpStatus = httpStatus;
    }

    /** The stable kebab-case id on the wire ({@code error.code}). */
    public String id() {
        return id;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The id a server answered with (the command line reads its errors back). */
    public static Optional<ErrorId> fromWire(String id) {
        return Optional.ofNullable(BY_WIRE.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
