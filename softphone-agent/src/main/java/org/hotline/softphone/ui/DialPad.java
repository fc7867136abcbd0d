package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;

/**
 * A number field with 拨号 for outgoing calls, and the keypad (0-9, *, #): during a call a key
 * sends a DTMF digit, otherwise it types into the number field.
 */
final class DialPad extends JPanel {
    private static final long serialVersionUID = 1L;

    static final String KEYS = "123456789*0#";

    final JTextField number = new JTextField(14);
    final JButton dial = new JButton("拨号");
    final JButton[] keys = new JButton[KEYS.length()];
    final JLabel sent = new JLabel(" ");

    DialPad(Runnable onDial, Consumer<Character> onKey) {
        super(new BorderLayout(6, 6));
        setBorder(BorderFactory.createTitledBorder("拨号与按键"));
        number.setName("dial-number");
        dial.setName("dial");
        sent.setName("dtmf-sent");
        number.setToolTipText("输入要呼叫的号码，回车或点击拨号");
        JPanel top = new JPanel(new BorderLayout(4, 0));
        top.add(new JLabel("号码："), BorderLayout.WEST);
        top.add(number, BorderLayout.CENTER);
        top.add(dial, BorderLayout.EAST);
        add(top, BorderLayout.NORTH);
        JPanel grid = new JPanel(new GridLayout(4, 3, 4, 4));
        for (int i = 0; i < keys.length; i++) {
            char c = KEYS.charAt(i);
            JButton b = new JButton(String.valueOf(c));
            b.setName("key-" + c);
            b.setFont(b.getFont().deriveFont(Font.BOLD, 16f));
            b.setFocusable(false);
            b.addActionListener(e -> onKey.accept(c));
            keys[i] = b;
            grid.add(b);
        }
        add(grid, BorderLayout.CENTER);
        add(sent, BorderLayout.SOUTH);
        dial.addActionListener(e -> onDial.run());
        number.addActionListener(e -> onDial.run());
    }

    JButton key(char c) {
        return keys[KEYS.indexOf(c)];
    }

    void canDial(boolean yes) {
        dial.setEnabled(yes);
        number.setEditable(yes);
    }

    void sent(String text) {
        sent.setText(text.isEmpty() ? " " : text);
    }
}
