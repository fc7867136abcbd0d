package org.hotline.softphone.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import org.hotline.softphone.cti.AgentSession;
import org.hotline.softphone.cti.CallbackItem;
import org.hotline.softphone.cti.CtiEvent;
import org.hotline.softphone.cti.Department;
import org.hotline.softphone.cti.DeskApi;
import org.hotline.softphone.cti.TransferOverride;
import org.hotline.softphone.phone.Call;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.testing.Xvfb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real window under Xvfb against a fake Phone and a CTI whose three-way budget is spent
 * (no sandbox needed): a supervisor approves past the budget with a reason (R10), an agent is
 * told a duty supervisor must; hold/resume, the keypad and dialling reach the Phone. Screenshots
 * go to softphone-agent/target/ui/.
 */
class AgentWindowIT {

    private static final Path SHOTS = Path.of("softphone-agent/target/ui").toAbsolutePath();
    private static final Duration UI = Duration.ofSeconds(10);

    private final FakePhone phone = new FakePhone();
    private final FakeCti cti = new FakeCti();
    private final Call incoming = new FakePhone.FakeCall("in-1", Call.Direction.INCOMING, "13800000001");
    private final List<String> prompts = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private AgentWindow window;

    @BeforeAll
    static void display() throws Exception {
        Xvfb.start();
        assertThat(GraphicsEnvironment.isHeadless()).isFalse();
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            edt(window::dispose);
        }
    }

    @Test
    void aSupervisorApprovesPastTheBudgetWithAReason_andHoldsAndSendsDigits() throws Exception {
        AgentWindow w = open(new AgentSession("supervisor", "supervisor", "8001", false));
        answerAndPickVat(w);

        edt(() -> w.matter.transfer.doClick());
        await("refused: budget")
                .atMost(UI)
                .until(() -> on(() -> w.matter.reason.getText().contains("R10")));
        assertThat(on(() -> w.matter.progress.getText())).contains("值班长批准", "理由");
        assertThat(on(() -> w.matter.approve.isShowing() && w.matter.approve.isEnabled()))
                .isTrue();
        assertThat(on(() -> w.matter.transfer.isEnabled())).isFalse();
        shot(w, "supervisor-override-offered.png");

        reasons.add("  ");
        reasons.add("企业停产在即，急需税务局专员答复");
        edt(() -> w.matter.approve.doClick());
        await("sent with the override").atMost(UI).until(() -> cti.transfers.size() == 2);
        assertThat(prompts).containsExactly(ApprovalPrompt.QUESTION, ApprovalPrompt.BLANK);
        assertThat(cti.transfers.get(0).override()).isNull();
        assertThat(cti.transfers.get(1))
                .isEqualTo(new FakeCti.Sent(
                        "c-1", "vat-credit-refund", new TransferOverride("supervisor", "企业停产在即，急需税务局专员答复")));
        await("accepted")
                .atMost(UI)
                .until(() -> on(() -> w.matter.progress.getText().equals("已发起转接：税务局")));
        assertThat(on(() -> w.matter.approve.isVisible())).isFalse();

        edt(() -> w.call.hold.doClick());
        phone.emit(new PhoneEvent.Held(incoming, false));
        await("held").atMost(UI).until(() -> on(() -> w.call.hold.getText().equals("恢复")));
        assertThat(on(() -> w.call.state.getText())).isEqualTo("已保持");
        shot(w, "supervisor-held.png");
        edt(() -> w.call.hold.doClick());
        phone.emit(new PhoneEvent.Resumed(incoming, false));
        await("resumed").atMost(UI).until(() -> on(() -> w.call.hold.getText().equals("保持")));
        edt(() -> w.dialPad.key('5').doClick());
        edt(() -> w.dialPad.key('#').doClick());
        assertThat(phone.commands).containsExactly("hold", "resume", "dtmf 5", "dtmf #");
        assertThat(on(() -> w.dialPad.sent.getText())).isEqualTo("已发送按键：5#");
    }

    @Test
    void anAgentIsToldADutySupervisorMustApprove_andCanDialOut() throws Exception {
        AgentWindow w = open(new AgentSession("8001", "agent", "8001", true));
        answerAndPickVat(w);

        edt(() -> w.matter.transfer.doClick());
        await("refused: budget")
                .atMost(UI)
                .until(() -> on(() -> w.matter.reason.getText().contains("R10")));
        assertThat(on(() -> w.matter.progress.getText())).contains("须经值班长批准");
        assertThat(on(() -> w.matter.approve.isVisible()))
                .as("agents cannot approve")
                .isFalse();
        assertThat(on(() -> w.matter.transfer.isEnabled())).isFalse();
        assertThat(cti.transfers).hasSize(1);
        assertThat(prompts).isEmpty();
        shot(w, "agent-budget-refused.png");

        phone.emit(new PhoneEvent.Ended(incoming, org.hotline.softphone.phone.EndReason.REMOTE_HANGUP, "BYE"));
        await("free line").atMost(UI).until(() -> on(() -> w.dialPad.dial.isEnabled()));
        // Wrap-up after the hang-up: the enterprise's name comes from the screen pop and the agent
        // may correct it; the next call from the number shows what is saved.
        assertThat(on(() -> w.wrapup.enterprise.getText())).isEqualTo("江城精密机械有限公司");
        edt(() -> w.wrapup.enterprise.setText("江城精密机械股份有限公司"));
        edt(() -> w.wrapup.wrapup.doClick());
        await("wrapped up")
                .atMost(UI)
                .until(() -> on(() -> w.wrapup.result.getText().equals("已保存话后处理")));
        assertThat(cti.wrapups)
                .containsExactly(new FakeCti.Wrapup("c-1", "vat-credit-refund", "direct", "", "江城精密机械股份有限公司"));
        for (char c : "13800138000".toCharArray()) {
            edt(() -> w.dialPad.key(c).doClick());
        }
        edt(() -> w.dialPad.dial.doClick());
        assertThat(phone.commands).containsExactly("dial 13800138000");
        await("dialling").atMost(UI).until(() -> on(() -> w.call.state.getText().equals("正在呼叫…")));
        assertThat(on(() -> w.wrapup.enterprise.getText()))
                .as("no screen pop for an outgoing call")
                .isEmpty();
        assertThat(on(() -> w.dialPad.dial.isEnabled())).isFalse();
        shot(w, "agent-dialling.png");
    }

    @Test
    void aQuestionTheAgentCouldNotAnswerGoesToTheMattersDepartmentAtWrapUp() throws Exception {
        AgentWindow w = open(new AgentSession("8001", "agent", "8001", true));
        answerAndPickVat(w);
        edt(() -> w.wrapup.select("unanswered"));
        edt(() -> w.wrapup.wrapup.doClick());
        await("asked for the question")
                .atMost(UI)
                .until(() -> on(() -> w.wrapup.result.getText().equals("请填写未能解答的问题")));
        assertThat(cti.unanswered).isEmpty();

        // R9: 未能解答 with the caller's question, for the matter's department (税务局) to answer.
        edt(() -> w.wrapup.question.setText("跨省迁移的企业，留抵税额能否一并结转？"));
        edt(() -> w.wrapup.wrapup.doClick());
        await("sent to the department")
                .atMost(UI)
                .until(() -> on(() -> w.wrapup.result.getText().contains("问题已转交税务局答复")));
        assertThat(cti.unanswered)
                .containsExactly(new FakeCti.Unanswered("c-1", "vat-credit-refund", "tax", "跨省迁移的企业，留抵税额能否一并结转？"));
        assertThat(cti.wrapups).isEmpty();
        shot(w, "agent-unanswered.png");
    }

    @Test
    void offHoursTheAgentSeesTheSecondaryUrgentOrderAndWhenTheDepartmentCalls_andRaisesAComplaintElsewhere()
            throws Exception {
        cti.offHours = true;
        AgentWindow w = open(new AgentSession("8001", "agent", "8001", true));
        answerAndPickVat(w);
        assertThat(on(() -> w.wrapup.department.getSelectedItem().toString()))
                .as("the matter's department")
                .isEqualTo("税务局");

        edt(() -> w.matter.transfer.doClick());
        await("refused: off hours")
                .atMost(UI)
                .until(() -> on(() -> w.wrapup.result.getText().contains("W7")));
        // R2: 02:00 on a working day: the department calls this morning, and the agent can say so.
        assertThat(on(() -> w.wrapup.result.getText())).isEqualTo("已生成次紧急工单 W7，须于今日 09:00 前联系企业");
        assertThat(on(() -> w.matter.progress.getText())).contains("今日 09:00").doesNotContain("下一工作日");
        assertThat(on(() -> w.wrapup.kindWire())).isEqualTo("off-hours-urgent");
        assertThat(on(() -> w.wrapup.resolutionWire())).isEqualTo("work-order");
        shot(w, "agent-off-hours-order.png");

        // A complaint about another department's conduct: the agent picks kind and department (R13).
        edt(() -> {
            w.wrapup.selectKind("complaint");
            w.wrapup.selectDepartment("market", null);
            w.wrapup.note.setText("企业反映营业执照变更窗口多次要求补交同一材料");
        });
        assertThat(on(() -> w.wrapup.department.getSelectedItem().toString())).isEqualTo("市场监管局");
        edt(() -> w.wrapup.workOrder.doClick());
        await("created")
                .atMost(UI)
                .until(() -> on(() -> w.wrapup.result.getText().startsWith("已创建投诉工单 W1")));
        assertThat(cti.workOrders)
                .containsExactly(new FakeCti.WorkOrderAsked(
                        "c-1", "market", "complaint", "vat-credit-refund", "企业反映营业执照变更窗口多次要求补交同一材料"));
        shot(w, "agent-complaint-order.png");
    }

    private AgentWindow open(AgentSession session) throws Exception {
        DeskApi desk = new DeskApi() {
            @Override
            public String login(String user, String password) {
                return "token";
            }

            @Override
            public List<Department> departments() {
                return List.of(new Department("tax", "税务局", List.of()), new Department("market", "市场监管局", List.of()));
            }

            @Override
            public List<CallbackItem> callbacks() {
                return List.of();
            }

            @Override
            public CallbackItem dial(long callbackId, String extension) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CallbackItem recordResult(long callbackId, String result, String note) {
                throw new UnsupportedOperationException();
            }
        };
        ApprovalPrompt.Ask ask = (parent, message) -> {
            prompts.add(message);
            return reasons.isEmpty() ? null : reasons.remove(0);
        };
        edt(() -> {
            window = new AgentWindow(phone, cti, desk, session, ask);
            window.setVisible(true);
        });
        await("window").atMost(UI).until(() -> on(() -> window.isShowing()));
        return window;
    }

    private void answerAndPickVat(AgentWindow w) throws Exception {
        phone.emit(new PhoneEvent.Ringing(incoming));
        cti.push(new CtiEvent.CallOffered("c-1", "13800000001", "江城精密机械有限公司", List.of()));
        phone.emit(new PhoneEvent.Answered(incoming));
        await("matters").atMost(UI).until(() -> on(() -> !w.shownMatters().isEmpty()));
        edt(() -> w.matter.matters.setSelectedValue(FakeCti.VAT, true));
        await("transfer enabled").atMost(UI).until(() -> on(() -> w.matter.transfer.isEnabled()));
        assertThat(on(() -> w.call.hold.isEnabled())).isTrue();
    }

    private static void shot(AgentWindow w, String name) throws Exception {
        edt(w::toFront);
        // Paint now and flush it to the X server, then capture: what a user would see at this point.
        Robot robot = new Robot();
        edt(() -> w.getRootPane().paintImmediately(w.getRootPane().getBounds()));
        java.awt.Toolkit.getDefaultToolkit().sync();
        Rectangle r = on(w::getBounds);
        BufferedImage img = robot.createScreenCapture(r);
        ImageIO.write(img, "png", SHOTS.resolve(name).toFile());
    }

    private static void edt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    private static <T> T on(Callable<T> c) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Exception> err = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                err.set(e);
            }
        });
        if (err.get() != null) {
            throw err.get();
        }
        return out.get();
    }
}
