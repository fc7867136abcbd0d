package org.hotline.softphone.ui;

import java.awt.Color;
import java.awt.FlowLayout;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JToggleButton;

/** SIP registration, CTI connection, and the ready / not-ready toggle. */
final class StatusBar extends JPanel {
    private static final long serialVersionUID = 1L;

    private static final Color OK = new Color(0x1b7f3a);
    private static final Color BAD = new Color(0xb00020);

    final JLabel sip = new JLabel();
    final JLabel cti = new JLabel();
    final JLabel agent = new JLabel();
    final JToggleButton ready = new JToggleButton("示忙");

    StatusBar(Consumer<Boolean> onReady) {
        super(new FlowLayout(FlowLayout.LEFT, 14, 4));
        setBorder(BorderFactory.createMatteBorder(1, 0, 0, 0, Color.GRAY));
        sip.setName("sip-status");
        cti.setName("cti-status");
        ready.setName("ready");
        add(agent);
        add(sip);
        add(cti);
        add(ready);
        sip(false, "未注册");
        cti(false, "未连接");
        ready.addActionListener(e -> onReady.accept(ready.isSelected()));
    }

    void agent(String text) {
        agent.setText(text);
    }

    void sip(boolean ok, String detail) {
        sip.setText("分机：" + detail);
        sip.setForeground(ok ? OK : BAD);
    }

    void cti(boolean ok, String detail) {
        cti.setText("CTI：" + detail);
        cti.setForeground(ok ? OK : BAD);
        ready.setEnabled(ok);
    }

    /** Shows the queue state the server confirmed. */
    void ready(boolean isReady) {
        ready.setSelected(isReady);
        ready.setText(isReady ? "就绪（点击示忙）" : "示忙（点击就绪）");
    }
}
