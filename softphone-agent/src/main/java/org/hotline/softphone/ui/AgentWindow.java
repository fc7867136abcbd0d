package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GridLayout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.hotline.softphone.cti.AgentSession;
import org.hotline.softphone.cti.CallbackItem;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.DeskApi;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.TransferOverride;
import org.hotline.softphone.cti.TransferView;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.RegistrationState;

/**
 * The agent's main window. It wires the panels to the {@link Phone} and the {@link CtiClient}
 * (and, for supervisors, the {@link DeskApi} callbacks); every event is handled on the EDT and
 * every request runs asynchronously, so the window never blocks on the network.
 */
final class AgentWindow extends JFrame {
    private static final long serialVersionUID = 1L;

    final StatusBar status;
    final CallPanel call;
    final MatterPanel matter;
    final WrapupPanel wrapup;
    final CallbacksPanel callbacks;
    final RotationPanel rotation;
    final DialPad dialPad;
    final CallControls controls;
    final JTabbedPane tabs = new JTabbedPane();

    private final Phone phone;
    private final CtiClient cti;
    private final DeskApi desk;
    private final AgentSession session;
    private final ApprovalPrompt.Ask approvalAsk;

    // EDT-only state
    private String ctiCallId;
    private boolean callActive;
    private boolean transferBusy;
    private String refusal;

    AgentWindow(Phone phone, CtiClient cti, DeskApi desk, AgentSession session) {
        this(phone, cti, desk, session, ApprovalPrompt.DIALOG);
    }

    AgentWindow(Phone phone, CtiClient cti, DeskApi desk, AgentSession session, ApprovalPrompt.Ask approvalAsk) {
        super("12345 惠企通坐席 — " + session.agent());
        this.approvalAsk = approvalAsk;
        this.phone = phone;
        this.cti = cti;
        this.desk = desk;
        this.session = session;
        status = new StatusBar(this::setReady);
        call = new CallPanel(this::answer, this::toggleHold, this::hangup);
        dialPad = new DialPad(this::dial, this::key);
        controls = new CallControls(phone, call, dialPad, this::dialled);
        matter = new MatterPanel(this::search, k -> pickMatter(), this::transfer, this::approve);
        wrapup = new WrapupPanel(this::wrapUp, this::createWorkOrder);
        callbacks = session.supervisor() ? new CallbacksPanel(callbackActions()) : null;
        rotation = new RotationPanel(this::refreshRotation, this::rotationSignIn);

        JPanel desktop = new JPanel(new BorderLayout(8, 8));
        JPanel top = new JPanel(new GridLayout(1, 2, 8, 0));
        JPanel left = new JPanel(new BorderLayout(0, 8));
        left.add(call, BorderLayout.CENTER);
        left.add(dialPad, BorderLayout.SOUTH);
        top.add(left);
        top.add(matter);
        desktop.add(top, BorderLayout.CENTER);
        desktop.add(wrapup, BorderLayout.SOUTH);
        tabs.addTab("坐席工作台", desktop);
        if (callbacks != null) {
            tabs.addTab("漏接回拨", callbacks);
        }
        // R4: a specialist sitting at this desk for a rotation session signs in here.
        tabs.addTab("轮值签到", rotation);
        getContentPane().add(tabs, BorderLayout.CENTER);
        getContentPane().add(status, BorderLayout.SOUTH);
        setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        setMinimumSize(new Dimension(980, 640));

        status.agent("坐席 " + session.agent() + "（" + role(session.role()) + "）分机 " + session.extension());
        status.cti(cti.connected(), cti.connected() ? "已连接" : "未连接");
        status.ready(session.ready());
        registration(phone.registrationState(), "");
        phone.addListener(e -> SwingUtilities.invokeLater(() -> onPhone(e)));
        cti.addListener(e -> SwingUtilities.invokeLater(() -> onCti(e)));
        search("");
        loadDepartments();
        if (callbacks != null) {
            refreshCallbacks();
        }
        refreshRotation();
        updateTransfer();
        pack();
        setLocationRelativeTo(null);
    }

    private void onPhone(PhoneEvent e) {
        controls.on(e);
        if (e instanceof PhoneEvent.RegistrationChanged r) {
            registration(r.state(), r.detail());
        } else if (e instanceof PhoneEvent.Ringing r) {
            newCall();
            call.ringing(r.call().remoteNumber());
        } else if (e instanceof PhoneEvent.Answered a) {
            callActive = true;
            call.talking(Instant.now());
            wrapup.enableFor(true);
        } else if (e instanceof PhoneEvent.Ended x) {
            callActive = false;
            matter.offerApproval(false);
            call.ended(ended(x.reason()));
        }
        updateTransfer();
    }

    private void onCti(CtiEvent e) {
        if (e instanceof CtiEvent.ConnectionChanged c) {
            status.cti(c.connected(), c.connected() ? "已连接" : "已断开，正在重连…");
        } else if (e instanceof CtiEvent.LoggedIn l) {
            status.ready(l.session().ready());
        } else if (e instanceof CtiEvent.CallOffered o) {
            ctiCallId = o.callId();
            call.offered(o.caller(), o.enterprise(), o.recentCalls());
            wrapup.enterprise.setText(o.enterprise() == null ? "" : o.enterprise());
        } else if (e instanceof CtiEvent.CallAnswered a) {
            ctiCallId = a.callId();
        } else if (e instanceof CtiEvent.CallEnded) {
            transferBusy = false;
        } else if (e instanceof CtiEvent.TransferProgress p) {
            transferShown(p.transfer());
        } else if (e instanceof CtiEvent.TransferResult r) {
            transferShown(r.transfer());
            transferBusy = false;
            if (r.transfer().connected()) {
                refusal = "本通话已三方转接";
                wrapup.select("transferred");
            } else if (r.transfer().workOrderId() != null) {
                wrapup.select("work-order");
            }
        } else if (e instanceof CtiEvent.CallbackAssigned && callbacks != null) {
            refreshCallbacks();
        }
        updateTransfer();
    }

    /** An outgoing call: a new call with no screen pop to prefill the enterprise. */
    private void dialled() {
        newCall();
        wrapup.enterprise.setText("");
    }

    private void newCall() {
        ctiCallId = null;
        refusal = null;
        transferBusy = false;
        matter.offerApproval(false);
        matter.progress(" ", false);
        wrapup.result.setText(" ");
        wrapup.note.setText("");
        wrapup.question.setText("");
        wrapup.select("direct");
        wrapup.selectKind("consultation");
    }

    private void registration(RegistrationState s, String detail) {
        status.sip(
                s == RegistrationState.REGISTERED,
                switch (s) {
                    case REGISTERED -> "已注册";
                    case REGISTERING -> "注册中…";
                    case FAILED -> "注册失败 " + detail;
                    case UNREGISTERED -> "未注册";
                });
    }

    private void answer() {
        run(phone::answer);
    }

    private void hangup() {
        run(phone::hangup);
    }

    private void toggleHold() {
        controls.toggleHold();
    }

    private void key(char digit) {
        controls.key(digit);
    }

    private void dial() {
        controls.dial();
    }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ex) {
            call.state("操作失败：" + ex.getMessage());
        }
    }

    private void setReady(boolean ready) {
        async(cti.setReady(ready), status::ready, ex -> status.ready(!ready));
    }

    private void search(String q) {
        async(cti.searchKb(q), matter::show, ex -> matter.reason.setText("知识库查询失败：" + ex.getMessage()));
    }

    private void pickMatter() {
        KbEntry k = matter.chosen();
        wrapup.matter.setText(k == null ? "（未选择事项）" : k.label());
        if (k != null) {
            wrapup.selectDepartment(k.department(), k.departmentName());
        }
        refusal = null;
        matter.offerApproval(false);
        updateTransfer();
    }

    private void transfer() {
        KbEntry k = matter.chosen();
        if (k == null || ctiCallId == null) {
            updateTransfer();
            return;
        }
        transferBusy = true;
        matter.progress("正在发起转接…", false);
        updateTransfer();
        async(cti.transfer(ctiCallId, k.code()), this::transferShown, this::transferRefused);
    }

    /** 值班长批准: the logged-in supervisor gives a reason and the transfer goes again (R10). */
    private void approve() {
        KbEntry k = matter.chosen();
        if (!session.supervisor() || k == null || ctiCallId == null || !callActive) {
            return;
        }
        TransferOverride override = ApprovalPrompt.ask(approvalAsk, this, session.agent());
        if (override == null) {
            return;
        }
        refusal = null;
        transferBusy = true;
        matter.offerApproval(false);
        matter.progress("已批准（" + override.reason() + "），正在发起转接…", false);
        updateTransfer();
        async(cti.transfer(ctiCallId, k.code(), override), this::transferShown, this::transferRefused);
    }

    private void transferRefused(CtiException ex) {
        transferBusy = false;
        boolean budget = "threeway-budget-exhausted".equals(ex.code());
        String text = TransferReasons.refused(ex);
        if (TransferReasons.sticky(ex.code())) {
            refusal = budget ? TransferReasons.BUDGET : text;
        }
        matter.progress(budget ? TransferReasons.budgetExhausted(session.supervisor()) : text, true);
        matter.offerApproval(budget && session.supervisor() && callActive);
        if ("outside-working-hours".equals(ex.code())) {
            // R2: the server made the 次紧急 order already; the form shows it, so none is made twice.
            wrapup.select("work-order");
            wrapup.selectKind("off-hours-urgent");
            wrapup.result.setText(TransferReasons.offHoursOrder(ex));
        }
        updateTransfer();
    }

    private void transferShown(TransferView t) {
        matter.progress(TransferReasons.progress(t), "failed".equals(t.state()));
    }

    private void updateTransfer() {
        String why = refusal != null
                ? refusal
                : TransferReasons.before(
                        callActive && ctiCallId != null, cti.connected(), matter.chosen(), transferBusy);
        matter.allow(why);
    }

    private void wrapUp() {
        KbEntry k = matter.chosen();
        if (ctiCallId == null) {
            wrapup.result.setText("没有可处理的通话");
            return;
        }
        if ("unanswered".equals(wrapup.resolutionWire())) {
            // R9: the question goes to the department picked in the form (the matter's by default).
            String question = wrapup.question.getText().strip();
            String department = wrapup.departmentCode();
            if (question.isEmpty()) {
                wrapup.result.setText("请填写未能解答的问题");
                return;
            }
            if (department == null && k == null) {
                wrapup.result.setText("请先选择事项或承办部门");
                return;
            }
            String name = String.valueOf(wrapup.department.getSelectedItem());
            async(
                    cti.wrapupUnanswered(
                            ctiCallId,
                            k == null ? null : k.code(),
                            department,
                            question,
                            wrapup.note.getText(),
                            wrapup.enterprise.getText()),
                    x -> wrapup.result.setText("已保存话后处理，问题已转交" + name + "答复"),
                    ex -> wrapup.result.setText("保存失败：" + ex.getMessage()));
            return;
        }
        async(
                cti.wrapup(
                        ctiCallId,
                        k == null ? null : k.code(),
                        wrapup.resolutionWire(),
                        wrapup.note.getText(),
                        wrapup.enterprise.getText()),
                x -> wrapup.result.setText("已保存话后处理"),
                ex -> wrapup.result.setText("保存失败：" + ex.getMessage()));
    }

    /** R13 (and R2 off hours): the order goes to the department picked in the form, of the kind picked. */
    private void createWorkOrder() {
        KbEntry k = matter.chosen();
        String department = wrapup.departmentCode();
        if (department == null) {
            wrapup.result.setText("请先选择事项或承办部门");
            return;
        }
        String kind = wrapup.kindWire();
        String kindLabel = String.valueOf(wrapup.kind.getSelectedItem());
        async(
                cti.createWorkOrder(ctiCallId, department, kind, k == null ? null : k.code(), wrapup.note.getText()),
                o -> wrapup.result.setText("已创建" + kindLabel + "工单 " + o.id() + TransferReasons.due(o)),
                ex -> wrapup.result.setText("创建工单失败：" + ex.getMessage()));
    }

    /** The departments for the work-order form (GET /api/departments), off the EDT. */
    private void loadDepartments() {
        async(
                CompletableFuture.supplyAsync(desk::departments),
                list -> wrapup.departments(list.stream()
                        .map(d -> new WrapupPanel.Choice(d.code(), d.name()))
                        .toList()),
                ex -> {});
    }

    private CallbacksPanel.Actions callbackActions() {
        return new CallbacksPanel.Actions() {
            @Override
            public void refresh() {
                refreshCallbacks();
            }

            @Override
            public void dial(CallbackItem item) {
                blocking(() -> desk.dial(item.id(), session.extension()), x -> {
                    callbacks.status.setText("正在回拨 " + item.number() + "，请接听分机");
                    refreshCallbacks();
                });
            }

            @Override
            public void record(CallbackItem item, String result, String note) {
                blocking(() -> desk.recordResult(item.id(), result, note), x -> refreshCallbacks());
            }
        };
    }

    private void refreshRotation() {
        async(
                CompletableFuture.supplyAsync(desk::rotation),
                rotation::show,
                ex -> rotation.status.setText("轮值信息读取失败：" + ex.getMessage()));
    }

    /** R4: POST /api/rotation/current/sign-in with the specialist's name. */
    private void rotationSignIn(String specialist) {
        async(
                CompletableFuture.supplyAsync(() -> desk.rotationSignIn(specialist)),
                s -> {
                    rotation.show(s);
                    rotation.status.setText(specialist + " 已签到");
                },
                ex -> {
                    rotation.status.setText(RotationPanel.refused(ex));
                    refreshRotation();
                });
    }

    private void refreshCallbacks() {
        blocking(desk::callbacks, callbacks::show);
    }

    private <T> void blocking(Supplier<T> call, Consumer<T> done) {
        async(CompletableFuture.supplyAsync(call), done, ex -> callbacks.status.setText("失败：" + ex.getMessage()));
    }

    private static <T> void async(CompletableFuture<T> f, Consumer<T> done, Consumer<CtiException> failed) {
        f.whenComplete((v, ex) -> SwingUtilities.invokeLater(() -> {
            if (ex == null) {
                done.accept(v);
            } else {
                failed.accept(CtiException.of(ex));
            }
        }));
    }

    static String ended(org.hotline.softphone.phone.EndReason r) {
        return switch (r) {
            case LOCAL_HANGUP -> "本方挂机";
            case REMOTE_HANGUP -> "对方挂机";
            case LOCAL_CANCEL -> "本方取消";
            case REMOTE_CANCEL -> "来电方已放弃";
            case BUSY -> "占线";
            case REJECTED -> "被拒绝";
            case NO_ANSWER -> "无人接听";
            case FAILED -> "呼叫失败";
        };
    }

    static String role(String role) {
        return switch (role == null ? "" : role) {
            case "supervisor" -> "值班长";
            case "admin" -> "管理员";
            default -> "坐席";
        };
    }

    List<KbEntry> shownMatters() {
        return java.util.Collections.list(matter.model.elements());
    }
}
