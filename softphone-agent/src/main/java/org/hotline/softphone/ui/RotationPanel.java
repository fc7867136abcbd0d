package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.RotationView;

/**
 * R4 rotation duty (轮值): the session in progress or the next one, the distinct market entities
 * served against 50 (R5), and 签到 for a specialist on the session's duty who sits at this desk.
 */
final class RotationPanel extends JPanel {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    final JLabel session = new JLabel(" ");
    final JComboBox<String> specialist = new JComboBox<>();
    final JButton signIn = new JButton("轮值签到");
    final JButton refresh = new JButton("刷新");
    final JLabel status = new JLabel(" ");

    RotationPanel(Runnable onRefresh, Consumer<String> onSignIn) {
        super(new BorderLayout(6, 6));
        setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));
        session.setName("rotation-session");
        specialist.setName("rotation-specialist");
        signIn.setName("rotation-sign-in");
        status.setName("rotation-status");
        JPanel north = new JPanel(new FlowLayout(FlowLayout.LEFT));
        north.add(session);
        JPanel center = new JPanel(new FlowLayout(FlowLayout.LEFT));
        center.add(new JLabel("政策专员："));
        center.add(specialist);
        center.add(signIn);
        center.add(refresh);
        add(north, BorderLayout.NORTH);
        add(center, BorderLayout.CENTER);
        add(status, BorderLayout.SOUTH);
        signIn.setEnabled(false);
        refresh.addActionListener(e -> onRefresh.run());
        signIn.addActionListener(e -> {
            Object chosen = specialist.getSelectedItem();
            if (chosen == null) {
                status.setText("请先选择签到的专员");
                return;
            }
            signIn.setEnabled(false);
            onSignIn.accept(String.valueOf(chosen));
        });
    }

    /** Shows the session; only specialists not yet signed in are offered, and only while it is on. */
    void show(RotationView s) {
        specialist.removeAllItems();
        if (s == null) {
            session.setText("近 31 天没有轮值场次");
            signIn.setEnabled(false);
            return;
        }
        session.setText(describe(s));
        s.onDuty().stream().filter(d -> !d.signedIn()).forEach(d -> specialist.addItem(d.specialist()));
        signIn.setEnabled(s.inProgress() && specialist.getItemCount() > 0);
        if (!s.inProgress()) {
            status.setText("当前不在轮值时段，下一场开始时即可签到");
        }
    }

    static String describe(RotationView s) {
        StringBuilder b = new StringBuilder(s.inProgress() ? "本场轮值 " : "下一场轮值 ").append(s.date());
        if (s.start() != null && s.end() != null) {
            b.append(' ').append(TIME.format(s.start())).append('–').append(TIME.format(s.end()));
        }
        b.append("　服务市场主体 ").append(s.served()).append(" / ").append(s.target());
        b.append("　已签到：");
        String in = String.join(
                "、",
                s.onDuty().stream()
                        .filter(RotationView.OnDuty::signedIn)
                        .map(RotationView.OnDuty::specialist)
                        .toList());
        return b.append(in.isEmpty() ? "无" : in).toString();
    }

    /** A refusal worded for the desk, by the server's error id. */
    static String refused(CtiException e) {
        return switch (e.code() == null ? "" : e.code()) {
            case "outside-rotation-session" -> "签到失败：当前不在轮值时段（工作日的周二、周五 08:30–11:30）";
            case "unknown-specialist" -> "签到失败：该专员不在本场轮值名单";
            default -> "签到失败：" + e.getMessage();
        };
    }
}
