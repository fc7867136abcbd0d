package org.hotline.softphone.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.util.function.Function;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JPasswordField;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

/**
 * Server URL, agent, password, extension (and the phone's SIP registrar and password). The
 * login itself runs off the event thread; a failure is shown in the dialog, which stays open.
 */
final class LoginDialog extends JDialog {
    private static final long serialVersionUID = 1L;

    final JTextField server = new JTextField(24);
    final JTextField agent = new JTextField(24);
    final JPasswordField password = new JPasswordField(24);
    final JTextField extension = new JTextField(24);
    final JTextField sipServer = new JTextField(24);
    final JPasswordField sipPassword = new JPasswordField(24);
    final JButton login = new JButton("登录");
    final JLabel message = new JLabel(" ");

    /** @param attempt runs off the EDT; returns null on success or the error text to show */
    LoginDialog(LoginDetails defaults, Function<LoginDetails, String> attempt, Runnable onSuccess) {
        super((java.awt.Frame) null, "12345 惠企通坐席 — 登录", false);
        server.setText(defaults.server());
        agent.setText(defaults.agent());
        extension.setText(defaults.extension());
        sipServer.setText(defaults.sipServer());
        password.setText(defaults.password() == null ? "" : defaults.password());
        sipPassword.setText(defaults.sipPassword() == null ? "" : defaults.sipPassword());
        login.setName("login");
        password.setName("password");
        JPanel form = new JPanel(new GridLayout(0, 2, 8, 6));
        form.setBorder(BorderFactory.createEmptyBorder(12, 12, 6, 12));
        form.add(new JLabel("CTI 服务器："));
        form.add(server);
        form.add(new JLabel("坐席工号："));
        form.add(agent);
        form.add(new JLabel("密码："));
        form.add(password);
        form.add(new JLabel("分机号："));
        form.add(extension);
        form.add(new JLabel("SIP 服务器："));
        form.add(sipServer);
        form.add(new JLabel("分机密码："));
        form.add(sipPassword);
        JPanel south = new JPanel(new BorderLayout());
        message.setForeground(new Color(0xb00020));
        message.setBorder(BorderFactory.createEmptyBorder(0, 12, 0, 12));
        south.add(message, BorderLayout.CENTER);
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        buttons.add(login);
        south.add(buttons, BorderLayout.SOUTH);
        getContentPane().add(form, BorderLayout.CENTER);
        getContentPane().add(south, BorderLayout.SOUTH);
        getRootPane().setDefaultButton(login);
        setDefaultCloseOperation(DISPOSE_ON_CLOSE);
        login.addActionListener(e -> {
            login.setEnabled(false);
            message.setText("正在登录…");
            LoginDetails in = entered();
            Thread t = new Thread(
                    () -> {
                        String error = attempt.apply(in);
                        SwingUtilities.invokeLater(() -> {
                            login.setEnabled(true);
                            if (error == null) {
                                dispose();
                                onSuccess.run();
                            } else {
                                message.setText(error);
                            }
                        });
                    },
                    "login");
            t.setDaemon(true);
            t.start();
        });
        pack();
        setLocationRelativeTo(null);
    }

    LoginDetails entered() {
        return new LoginDetails(
                server.getText().trim(),
                agent.getText().trim(),
                new String(password.getPassword()),
                extension.getText().trim(),
                sipServer.getText().trim(),
                new String(sipPassword.getPassword()));
    }
}
