package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.Timer;
import org.hotline.softphone.cti.RecentCall;

/**
 * The current call: caller, enterprise, recent calls, state and a talk timer; Answer, Hold/Resume
 * (保持/恢复), Hang up.
 */
final class CallPanel extends JPanel {
    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    final JLabel caller = new JLabel("—");
    final JLabel enterprise = new JLabel("—");
    final JLabel state = new JLabel("空闲");
    final JLabel timer = new JLabel("00:00");
    final JButton answer = new JButton("接听");
    final JButton hangup = new JButton("挂断");
    final JButton hold = new JButton("保持");
    private final DefaultListModel<String> recent = new DefaultListModel<>();
    private final Timer tick = new Timer(1000, e -> updateTimer());
    private Instant since;

    CallPanel(Runnable onAnswer, Runnable onHold, Runnable onHangup) {
        super(new BorderLayout(6, 6));
        setBorder(BorderFactory.createTitledBorder("当前通话"));
        caller.setName("caller");
        state.setName("call-state");
        answer.setName("answer");
        hangup.setName("hangup");
        hold.setName("hold");
        caller.setFont(caller.getFont().deriveFont(Font.BOLD, 20f));
        timer.setFont(timer.getFont().deriveFont(Font.BOLD, 20f));
        JPanel info = new JPanel(new GridLayout(0, 2, 6, 4));
        info.add(new JLabel("来电号码："));
        info.add(caller);
        info.add(new JLabel("企业名称："));
        info.add(enterprise);
        info.add(new JLabel("状态："));
        info.add(state);
        info.add(new JLabel("通话时长："));
        info.add(timer);
        add(info, BorderLayout.NORTH);
        JList<String> list = new JList<>(recent);
        list.setVisibleRowCount(4);
        JScrollPane scroll = new JScrollPane(list);
        scroll.setBorder(BorderFactory.createTitledBorder("近期来电"));
        add(scroll, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new GridLayout(1, 3, 6, 0));
        buttons.add(answer);
        buttons.add(hold);
        buttons.add(hangup);
        add(buttons, BorderLayout.SOUTH);
        answer.addActionListener(e -> onAnswer.run());
        hangup.addActionListener(e -> onHangup.run());
        hold.addActionListener(e -> onHold.run());
        idle();
    }

    /** Our outgoing call to {@code number} is being set up. */
    void dialling(String number) {
        caller.setText(number);
        enterprise.setText("（外呼）");
        recent.clear();
        timer.setText("00:00");
        state.setText("正在呼叫…");
        answer.setEnabled(false);
        hangup.setEnabled(true);
    }

    /** Hold/Resume: enabled on an established call, labelled by what a click will do. */
    void holdButton(boolean enabled, boolean heldHere) {
        hold.setEnabled(enabled);
        hold.setText(heldHere ? "恢复" : "保持");
    }

    void ringing(String number) {
        caller.setText(number);
        state.setText("振铃中");
        answer.setEnabled(true);
        hangup.setEnabled(true);
    }

    /** The screen pop from the CTI (R12: the agent sees who calls before answering). */
    void offered(String number, String enterpriseName, List<RecentCall> calls) {
        caller.setText(number);
        enterprise.setText(enterpriseName == null ? "（未登记）" : enterpriseName);
        recent.clear();
        if (calls.isEmpty()) {
            recent.addElement("无近期来电");
        }
        for (RecentCall c : calls) {
            recent.addElement((c.arrivedAt() == null ? "" : TIME.format(c.arrivedAt())) + "  " + outcome(c.outcome())
                    + (c.agent() == null ? "" : "  坐席 " + c.agent()));
        }
    }

    void talking(Instant start) {
        state.setText("通话中");
        answer.setEnabled(false);
        hangup.setEnabled(true);
        since = start;
        updateTimer();
        tick.start();
    }

    void state(String text) {
        state.setText(text);
    }

    void ended(String why) {
        tick.stop();
        state.setText("已结束：" + why);
        answer.setEnabled(false);
        hangup.setEnabled(false);
    }

    void idle() {
        answer.setEnabled(false);
        hangup.setEnabled(false);
    }

    private void updateTimer() {
        if (since != null) {
            long s = Math.max(0, Duration.between(since, Instant.now()).getSeconds());
            timer.setText(String.format("%02d:%02d", s / 60, s % 60));
        }
    }

    static String outcome(String o) {
        if (o == null) {
            return "进行中";
        }
        return switch (o) {
            case "answered" -> "已接听";
            case "abandoned" -> "未接（放弃）";
            case "after-hours" -> "非工作时间";
            case "failed" -> "失败";
            default -> o;
        };
    }
}
