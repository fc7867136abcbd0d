package org.hotline.softphone.cti;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's connection to the CTI server (docs/agent-protocol.md), independent of the wire.
 *
 * <p>The UI and the headless driver talk only to this interface. Requests return futures that
 * complete with the server's reply or fail with a {@link CtiException} carrying the server's
 * stable error id ({@code unknown-matter}, {@code outside-working-hours}, ...) or a client-side
 * one ({@code cti-timeout}, {@code cti-disconnected}, {@code not-logged-in}). Pushes arrive as
 * {@link CtiEvent}s, in order, on one thread.
 *
 * <p>After {@link #connect} succeeds once, a lost connection is re-opened with back-off and the
 * agent logged in again, until {@link #close}.
 */
public interface CtiClient extends AutoCloseable {

    void addListener(CtiListener listener);

    void removeListener(CtiListener listener);

    /** Connects and logs in; completes with the session (role decides the supervisor tab). */
    CompletableFuture<AgentSession> connect(CtiLogin login);

    boolean connected();

    /** Pauses or unpauses this agent in the enterprise-desk queue. */
    CompletableFuture<Boolean> setReady(boolean ready);

    /** Asks for a three-way transfer of {@code callId} to the specialist of {@code matter} (R1). */
    default CompletableFuture<TransferView> transfer(String callId, String matter) {
        return transfer(callId, matter, null);
    }

    /**
     * The same with a duty supervisor's approval past the three-way budget (R10); {@code override}
     * null asks without one.
     */
    CompletableFuture<TransferView> transfer(String callId, String matter, TransferOverride override);

    /** Hangs up the agent's own leg of {@code callId} (caller and specialist stay together). */
    CompletableFuture<Void> hangup(String callId);

    /** R12: matter may be null; resolution is direct, transferred or work-order (未能解答: {@link #wrapupUnanswered}). */
    CompletableFuture<Void> wrapup(String callId, String matter, String resolution, String note, String enterprise);

    /**
     * R9: 未能解答 — the wrap-up of a call the knowledge base could not answer; {@code question} goes
     * to {@code department} (null: the matter's department), which answers it in its inbox.
     */
    CompletableFuture<Void> wrapupUnanswered(
            String callId, String matter, String department, String question, String note, String enterprise);

    /** The same without the enterprise's name. */
    default CompletableFuture<Void> wrapup(String callId, String matter, String resolution, String note) {
        return wrapup(callId, matter, resolution, note, null);
    }

    /**
     * R13: a work order to {@code department} of {@code kind} ({@code consultation}, {@code help},
     * {@code suggestion}, {@code complaint}, {@code report}, {@code off-hours-urgent}; the kind sets
     * the deadline); {@code callId} and {@code matter} may be null.
     */
    CompletableFuture<CreatedWorkOrder> createWorkOrder(
            String callId, String department, String kind, String matter, String description);

    /** R3: matters matching {@code query} (all when blank) with their knowledge-base answers. */
    CompletableFuture<List<KbEntry>> searchKb(String query);

    /** Stops reconnecting and closes the connection (the server pauses the agent). */
    @Override
    void close();
}
