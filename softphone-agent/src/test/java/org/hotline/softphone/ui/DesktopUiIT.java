package org.hotline.softphone.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import org.hotline.softphone.cti.KbEntry;
import org.hotline.softphone.cti.RestDeskApi;
import org.hotline.softphone.cti.WsCtiClient;
import org.hotline.softphone.media.MediaFactory;
import org.hotline.softphone.sip.SipPhone;
import org.hotline.softphone.sip.SipPhoneConfig;
import org.hotline.softphone.testing.Peer;
import org.hotline.softphone.testing.SandboxCti;
import org.hotline.softphone.testing.Xvfb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives the real window under Xvfb against the sandbox and cti-server: log in, answer a sipp
 * caller, hold and resume (confirmed by Asterisk), search and pick a matter, click Transfer, see
 * the conference connect; saves
 * screenshots of the login dialog and the window to softphone-agent/target/ui/.
 */
// A SIP peer (sipp) or display (Xvfb) lives for its try block; the test talks to it over the network.
@SuppressWarnings("try")
@ExtendWith(SandboxCti.class)
class DesktopUiIT {

    private static final Path SHOTS = Path.of("softphone-agent/target/ui").toAbsolutePath();
    private static final Duration UI = Duration.ofSeconds(15);

    @Test
    void agentLogsInAnswersPicksAMatterAndTransfers(SandboxCti.Running cti) throws Exception {
        try (Xvfb x = Xvfb.start()) {
            assertThat(GraphicsEnvironment.isHeadless())
                    .as("a real X display, not headless AWT")
                    .isFalse();
            Files.createDirectories(SHOTS);
            WsCtiClient client = new WsCtiClient();
            Desktop desktop = new Desktop(
                    (sipServer, ext, sipPassword) -> {
                        SipPhoneConfig c = SipPhoneConfig.of("127.0.0.1", 5060, ext, sipPassword, "127.0.0.1", 5070)
                                .withRtpPorts(16400, 16419);
                        try {
                            return new SipPhone(
                                    c,
                                    MediaFactory.create(
                                            InetAddress.getByName("127.0.0.1"),
                                            c.rtpPortMin(),
                                            c.rtpPortMax(),
                                            MediaFactory.AudioMode.TONE));
                        } catch (java.net.UnknownHostException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    client,
                    RestDeskApi::new);
            try (Peer specialist = Peer.sipp(
                    "ui-specialist", "answer-bye.xml", "127.0.0.3", 5071, 6210, "-aa", "-rtp_echo", "-d", "6000")) {
                desktop.open(new LoginDetails(
                        cti.base().toString(), "8001", SandboxCti.PASSWORD, "8001", "127.0.0.1:5060", "agent8001"));
                await("login dialog")
                        .atMost(UI)
                        .until(() ->
                                desktop.dialog() != null && desktop.dialog().isShowing());
                shot(desktop.dialog(), "login-dialog.png");
                edt(() -> desktop.dialog().login.doClick());
                await("agent window")
                        .atMost(Duration.ofSeconds(30))
                        .until(() ->
                                desktop.window() != null && desktop.window().isShowing());
                AgentWindow w = desktop.window();
                await("registered and connected")
                        .atMost(UI)
                        .until(() -> on(() -> w.status.sip.getText().contains("已注册")
                                && w.status.cti.getText().contains("已连接")));
                assertThat(on(() -> w.tabs.indexOfTab("漏接回拨")))
                        .as("an agent has no missed-call tab")
                        .isEqualTo(-1);
                // R4: every desk has the rotation sign-in tab (a specialist may sit at any desk).
                assertThat(on(() -> w.tabs.indexOfTab("轮值签到"))).isEqualTo(1);
                await("the rotation tab shows the session from GET /api/rotation/current")
                        .atMost(UI)
                        .until(() -> on(() -> w.rotation.session.getText().contains("轮值")));
                assertThat(on(() -> w.matter.transfer.isEnabled())).isFalse();
                assertThat(on(() -> w.matter.reason.getText())).isEqualTo("当前没有通话");

                String caller = "139"
                        + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
                try (Peer enterprise = Peer.sipp(
                        "ui-caller",
                        "caller.xml",
                        "127.0.0.2",
                        5092,
                        6110,
                        "-rtp_echo",
                        "-key",
                        "caller",
                        caller,
                        "-s",
                        "12345",
                        "-d",
                        "15000",
                        "127.0.0.1:5060")) {
                    await("ringing with screen pop")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> on(() -> w.call.answer.isEnabled()
                                    && w.call.caller.getText().equals(caller)
                                    && w.call.enterprise.getText().equals("（未登记）")));
                    edt(() -> w.call.answer.doClick());
                    await("talking")
                            .atMost(UI)
                            .until(() -> on(() -> w.call.state.getText().equals("通话中")));

                    // 保持/恢复: "已保持" shows only after Asterisk's 200 to our sendonly re-INVITE.
                    assertThat(on(() -> w.call.hold.isEnabled()
                                    && w.call.hold.getText().equals("保持")))
                            .isTrue();
                    edt(() -> w.call.hold.doClick());
                    await("held at the PBX")
                            .atMost(UI)
                            .until(() -> on(() -> w.call.state.getText().equals("已保持")
                                    && w.call.hold.getText().equals("恢复")));
                    shot(w, "agent-window-held.png");
                    edt(() -> w.call.hold.doClick());
                    await("resumed at the PBX")
                            .atMost(UI)
                            .until(() -> on(() -> w.call.state.getText().equals("通话中")
                                    && w.call.hold.getText().equals("保持")));

                    edt(() -> w.matter.search.setText("留抵"));
                    await("search result")
                            .atMost(UI)
                            .until(() -> on(() -> w.shownMatters().stream()
                                    .anyMatch(k -> k.code().equals("vat-credit-refund"))));
                    edt(() -> {
                        KbEntry k = w.shownMatters().stream()
                                .filter(e -> e.code().equals("vat-credit-refund"))
                                .findFirst()
                                .orElseThrow();
                        w.matter.matters.setSelectedValue(k, true);
                    });
                    await("transfer enabled").atMost(UI).until(() -> on(() -> w.matter.transfer.isEnabled()));
                    assertThat(on(() -> w.matter.answer.getText())).contains("电子税务局");
                    edt(() -> w.matter.transfer.doClick());
                    await("conference connected")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> on(() -> w.matter.progress.getText().startsWith("三方通话已接通")));
                    assertThat(on(() -> w.wrapup.resolutionWire())).isEqualTo("transferred");
                    assertThat(on(() -> w.matter.transfer.isEnabled()))
                            .as("one transfer per call")
                            .isFalse();
                    await("timer runs")
                            .atMost(UI)
                            .until(() -> on(() -> !w.call.timer.getText().equals("00:00")));
                    Path shot = shot(w, "agent-window.png");
                    assertThat(Files.size(shot)).isGreaterThan(10_000);

                    edt(() -> w.wrapup.wrapup.doClick());
                    await("wrap-up saved")
                            .atMost(UI)
                            .until(() -> on(() -> w.wrapup.result.getText().equals("已保存话后处理")));
                    edt(() -> w.call.hangup.doClick());
                    await("ended")
                            .atMost(UI)
                            .until(() -> on(() -> w.call.state.getText().startsWith("已结束")));
                    shot(w, "agent-window-after.png");
                    assertThat(enterprise.awaitExit(Duration.ofSeconds(30)))
                            .as(enterprise.output())
                            .isZero();
                }
                assertThat(specialist.awaitExit(Duration.ofSeconds(30)))
                        .as(specialist.output())
                        .isZero();
            } finally {
                SwingUtilities.invokeAndWait(() -> {
                    for (Window win : Window.getWindows()) {
                        win.dispose();
                    }
                });
                desktop.close();
            }
        }
    }

    /** What the X server shows of the window, through a Robot (so fonts are as a user sees them). */
    private static Path shot(Window w, String name) throws Exception {
        edt(() -> w.toFront());
        Rectangle r = on(w::getBounds);
        BufferedImage img = new Robot().createScreenCapture(r);
        Path file = SHOTS.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
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
