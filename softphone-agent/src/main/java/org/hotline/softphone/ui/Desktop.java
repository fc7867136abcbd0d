package org.hotline.softphone.ui;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.swing.SwingUtilities;
import org.hotline.softphone.cti.AgentSession;
import org.hotline.softphone.cti.CtiClient;
import org.hotline.softphone.cti.CtiException;
import org.hotline.softphone.cti.CtiLogin;
import org.hotline.softphone.cti.DeskApi;
import org.hotline.softphone.phone.Phone;
import org.hotline.softphone.phone.PhoneEvent;
import org.hotline.softphone.phone.PhoneListener;
import org.hotline.softphone.phone.RegistrationState;

/**
 * Opens the softphone window: the login dialog first, then the agent window. Knows only the
 * neutral interfaces; {@code Main} supplies the SIP phone and the CTI client.
 */
public final class Desktop {

    /** Creates (not yet registered) the phone for an extension, from the login dialog. */
    @FunctionalInterface
    public interface PhoneFactory {
        Phone create(String sipServer, String extension, String sipPassword);
    }

    private static final long REGISTER_WAIT_SECONDS = 10;

    private final PhoneFactory phones;
    private final CtiClient cti;
    private final Function<URI, DeskApi> desks;
    private volatile LoginDialog dialog;
    private volatile AgentWindow window;
    private volatile Phone phone;
    private volatile DeskApi desk;
    private volatile AgentSession session;
    private volatile Runnable afterClose = () -> {};

    public Desktop(PhoneFactory phones, CtiClient cti, Function<URI, DeskApi> desks) {
        this.phones = phones;
        this.cti = cti;
        this.desks = desks;
    }

    /** Shows the login dialog (call from any thread); the window follows a successful login. */
    public void open(LoginDetails defaults) {
        open(defaults, false);
    }

    /** As {@link #open(LoginDetails)}; with {@code autoLogin} the dialog logs in at once. */
    public void open(LoginDetails defaults, boolean autoLogin) {
        SwingUtilities.invokeLater(() -> {
            UiFonts.install(14);
            dialog = new LoginDialog(defaults, this::attempt, this::showWindow);
            dialog.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent e) {
                    if (window == null && session == null) {
                        close(); // closed without logging in
                    }
                }
            });
            dialog.setVisible(true);
            if (autoLogin) {
                dialog.login.doClick();
            }
        });
    }

    /** Off the EDT: register the phone, log in to REST and the CTI. Null, or the error text. */
    private String attempt(LoginDetails in) {
        try {
            URI server = CtiLogin.serverUri(in.server());
            CtiLogin login = new CtiLogin(server, in.agent(), in.password(), in.extension());
            if (phone == null) {
                phone = phones.create(in.sipServer(), in.extension(), in.sipPassword());
            }
            String reg = register(phone);
            if (reg != null) {
                return reg;
            }
            desk = desks.apply(server);
            desk.login(in.agent(), in.password());
            session = cti.connect(login).get(15, TimeUnit.SECONDS);
            return null;
        } catch (IllegalArgumentException e) {
            return "输入有误：" + e.getMessage();
        } catch (TimeoutException e) {
            return "CTI 登录超时";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "已中断";
        } catch (Exception e) {
            CtiException c = CtiException.of(e);
            return switch (c.code()) {
                case "bad-credentials" -> "工号或密码错误";
                case "cti-unreachable" -> "无法连接 CTI 服务器：" + c.getMessage();
                default -> "登录失败：" + c.code() + " " + c.getMessage();
            };
        }
    }

    /** Registers and waits for the registrar's answer, so the queue never rings a ghost. */
    private static String register(Phone p) throws InterruptedException {
        if (p.registrationState() == RegistrationState.REGISTERED) {
            return null;
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        PhoneListener l = e -> {
            if (e instanceof PhoneEvent.RegistrationChanged r) {
                if (r.state() == RegistrationState.REGISTERED) {
                    result.complete(null);
                } else if (r.state() == RegistrationState.FAILED) {
                    result.complete("分机注册失败：" + r.detail());
                }
            }
        };
        p.addListener(l);
        try {
            p.register();
            return result.get(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return "分机注册超时（" + REGISTER_WAIT_SECONDS + " 秒）";
        } catch (java.util.concurrent.ExecutionException e) {
            return "分机注册失败：" + e.getCause();
        } finally {
            p.removeListener(l);
        }
    }

    private void showWindow() {
        window = new AgentWindow(phone, cti, desk, session);
        window.addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosed(java.awt.event.WindowEvent e) {
                close();
            }
        });
        window.setVisible(true);
    }

    /** Runs {@code r} once the desktop has closed (window or login dialog). */
    public void whenClosed(Runnable r) {
        afterClose = r;
    }

    /** Hangs up, unregisters and disconnects. */
    public void close() {
        cti.close();
        Phone p = phone;
        if (p != null) {
            p.close();
        }
        afterClose.run();
    }

    LoginDialog dialog() {
        return dialog;
    }

    AgentWindow window() {
        return window;
    }

    Phone phone() {
        return phone;
    }
}
