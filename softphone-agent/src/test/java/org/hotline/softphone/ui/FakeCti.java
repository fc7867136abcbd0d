package org.hotline.softphone.ui;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.softphone.cti.AgentSession;
import org.hotline.softphone.cti.CreatedWorkOrder;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.CtiListener;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.TransferOverride;
import org.hotline.softphone.cti.TransferView;

/**
 * A CTI server whose three-way budget is spent: a transfer without an override is refused with
 * {@code threeway-budget-exhausted}, one with an override is accepted. Records what was sent.
 */
final class FakeCti implements CtiClient {

    static final KbEntry VAT =
            new KbEntry("vat-credit-refund", "增值税留抵退税", "tax", "税务局", true, "可通过电子税务局申请留抵退税；材料齐全的，税务机关 5 个工作日内办结。");

    record Sent(String callId, String matter, TransferOverride override) {}

    final List<Sent> transfers = new CopyOnWriteArrayList<>();
    /** Outside the departments' working time: transfers are refused with the 次紧急 order made (R2). */
    volatile boolean offHours;

    record Wrapup(String callId, String matter, String resolution, String note, String enterprise) {}

    final List<Wrapup> wrapups = new CopyOnWriteArrayList<>();
    final List<CtiListener> listeners = new CopyOnWriteArrayList<>();

    void push(CtiEvent e) {
        listeners.forEach(l -> l.onEvent(e));
    }

    @Override
    public void addListener(CtiListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(CtiListener listener) {
        listeners.remove(listener);
    }

    @Override
    public CompletableFuture<AgentSession> connect(CtiLogin login) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public CompletableFuture<Boolean> setReady(boolean ready) {
        return CompletableFuture.completedFuture(ready);
    }

    @Override
    public CompletableFuture<TransferView> transfer(String callId, String matter, TransferOverride override) {
        transfers.add(new Sent(callId, matter, override));
        if (offHours) {
            // R2: what the server says at 02:00 on a working day, having made the order.
            return CompletableFuture.failedFuture(new CtiException(
                    "outside-working-hours",
                    "outside working hours",
                    java.util.Map.of(
                            "workOrder", java.util.Map.of("id", "W7", "department", "tax"), "dueText", "今日 09:00")));
        }
        if (override == null) {
            return CompletableFuture.failedFuture(
                    new CtiException("threeway-budget-exhausted", "the day's three-way budget is spent"));
        }
        return CompletableFuture.completedFuture(
                new TransferView("T9", callId, matter, VAT.name(), "tax", "税务局", "requested", null, null, null, null));
    }

    @Override
    public CompletableFuture<Void> hangup(String callId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> wrapup(
            String callId, String matter, String resolution, String note, String enterprise) {
        wrapups.add(new Wrapup(callId, matter, resolution, note, enterprise));
        return CompletableFuture.completedFuture(null);
    }

    /** A 未能解答 wrap-up the window sent (R9). */
    record Unanswered(String callId, String matter, String department, String question) {}

    final List<Unanswered> unanswered = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> wrapupUnanswered(
            String callId, String matter, String department, String question, String note, String enterprise) {
        unanswered.add(new Unanswered(callId, matter, department, question));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<CreatedWorkOrder> createWorkOrder(
            String callId, String department, String kind, String matter, String description) {
        workOrders.add(new WorkOrderAsked(callId, department, kind, matter, description));
        return CompletableFuture.completedFuture(
                new CreatedWorkOrder("W1", "off-hours-urgent".equals(kind) ? "今日 09:00" : null, null));
    }

    /** A workorder.create the window sent. */
    record WorkOrderAsked(String callId, String department, String kind, String matter, String description) {}

    final List<WorkOrderAsked> workOrders = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<List<KbEntry>> searchKb(String query) {
        return CompletableFuture.completedFuture(List.of(VAT));
    }

    @Override
    public void close() {}
}
